#!/usr/bin/env bash
# Makes sure Debian's python3 can import torch (python3-torch, PyTorch 1.13), which the checkpoint tests use to
# write .pth fixtures and to check parity: installs the package when root (or with passwordless sudo), otherwise
# prints the exact command and fails. The tests run /usr/bin/python3 (NEURONS_PYTHON overrides it), not a
# pyenv or venv python3 that may come first on PATH.
set -euo pipefail
python="${NEURONS_PYTHON:-/usr/bin/python3}"
if [ -x "$python" ] && "$python" -c 'import torch' >/dev/null 2>&1; then
  exit 0
fi
install=(apt-get install -y --no-install-recommends python3-torch)
if [ "$(id -u)" -eq 0 ]; then
  echo "PyTorch is missing for $python: installing Debian's python3-torch package..." >&2
  apt-get update -qq >&2 && "${install[@]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "PyTorch is missing for $python: installing Debian's python3-torch package with sudo..." >&2
  sudo apt-get update -qq >&2 && sudo "${install[@]}" >&2
else
  echo "error: PyTorch is missing for $python. Install it with: sudo apt-get update && sudo apt-get install -y python3-torch" >&2
  exit 2
fi
