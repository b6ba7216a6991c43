#!/usr/bin/env bash
# Makes sure ffmpeg and ffprobe are on PATH: installs Debian's package when root (or with
# passwordless sudo), otherwise prints the exact command and fails.
set -euo pipefail
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
  exit 0
fi
install=(apt-get install -y --no-install-recommends ffmpeg)
if [ "$(id -u)" -eq 0 ]; then
  echo "ffmpeg is missing: installing Debian's ffmpeg package..." >&2
  apt-get update -qq >&2 && "${install[@]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "ffmpeg is missing: installing Debian's ffmpeg package with sudo..." >&2
  sudo apt-get update -qq >&2 && sudo "${install[@]}" >&2
else
  echo "error: ffmpeg is missing. Install it with: sudo apt-get update && sudo apt-get install -y ffmpeg" >&2
  exit 2
fi
