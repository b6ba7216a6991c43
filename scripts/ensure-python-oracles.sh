#!/usr/bin/env bash
# Makes sure the Python oracles of the tests are installed: Debian's python3-nibabel and python3-numpy (the
# CIFTI tests load our .dtseries.nii/.dscalar.nii files in nibabel; tests/Neurons.Data.Tests/Cifti). Installs
# them when root (or with passwordless sudo). Without apt the tests that need them are skipped, so this only warns.
set -euo pipefail
python=/usr/bin/python3
if [ -x "$python" ] && "$python" -c "import nibabel, numpy" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: apt-get is unavailable: nibabel/numpy oracle tests will be skipped (install python3 with nibabel and numpy to run them)" >&2
  exit 0
fi
install=(apt-get install -y --no-install-recommends python3 python3-numpy python3-nibabel)
if [ "$(id -u)" -eq 0 ]; then
  echo "python3-nibabel/python3-numpy are missing: installing Debian's packages..." >&2
  apt-get update -qq >&2 && "${install[@]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "python3-nibabel/python3-numpy are missing: installing Debian's packages with sudo..." >&2
  sudo apt-get update -qq >&2 && sudo "${install[@]}" >&2
else
  echo "error: python3-nibabel/python3-numpy are missing. Install them with: sudo apt-get update && sudo apt-get install -y python3-nibabel python3-numpy" >&2
  exit 2
fi
