#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the report test (tests/Neurons.Stages.Tests/Mini):
# installs Debian's chromium package when root (or with passwordless sudo), otherwise prints the command
# and fails. The test drives it through Microsoft.Playwright with its executable path (/usr/bin/chromium,
# or NEURONS_CHROMIUM).
set -euo pipefail
if [ -x "${NEURONS_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
install=(apt-get install -y --no-install-recommends chromium)
if [ "$(id -u)" -eq 0 ]; then
  echo "chromium is missing: installing Debian's chromium package..." >&2
  apt-get update -qq >&2 && "${install[@]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "chromium is missing: installing Debian's chromium package with sudo..." >&2
  sudo apt-get update -qq >&2 && sudo "${install[@]}" >&2
else
  echo "error: chromium is missing. Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 2
fi
