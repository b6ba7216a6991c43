#!/usr/bin/env bash
# Makes sure the Python oracles of the tests are installed: Debian's python3-nibabel, python3-numpy and python3-scipy
# (the CIFTI tests load our .dtseries.nii/.dscalar.nii files in nibabel, tests/Neurons.Data.Tests/Cifti; the Student t
# p-values are checked against scipy.stats, tests/Neurons.Data.Tests/Fmri). Installs
# them when root (or with passwordless sudo). Without apt the tests that need them are skipped, so this only warns.
set -euo pipefail
python=/usr/bin/python3
if [ -x "$python" ] && "$python" -c "import nibabel, numpy, scipy" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: apt-get is unavailable: nibabel/numpy/scipy oracle tests will be skipped (install python3 with nibabel, numpy and scipy to run them)" >&2
  exit 0
fi
install=(apt-get install -y --no-install-recommends python3 python3-numpy python3-nibabel python3-scipy)
if [ "$(id -u)" -eq 0 ]; then
  echo "python3-nibabel/python3-numpy/python3-scipy are missing: installing Debian's packages..." >&2
  apt-get update -qq >&2 && "${install[@]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "python3-nibabel/python3-numpy/python3-scipy are missing: installing Debian's packages with sudo..." >&2
  sudo apt-get update -qq >&2 && sudo "${install[@]}" >&2
else
  echo "error: python3-nibabel/python3-numpy/python3-scipy are missing. Install them with: sudo apt-get update && sudo apt-get install -y python3-nibabel python3-numpy python3-scipy" >&2
  exit 2
fi
