#!/usr/bin/env bash
# Makes sure Slurm (slurmctld, slurmd, sbatch, squeue, scancel) and munge are installed: installs Debian's
# slurm-wlm and munge packages when root (or with passwordless sudo), otherwise prints the exact command
# and fails. Used by the Slurm test (tests/Neurons.Cli.Tests/Slurm) and by anyone trying `pipeline slurm`
# on a one-node loopback cluster.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
if have slurmctld && have slurmd && have sbatch && have munged; then
  exit 0
fi
install=(apt-get install -y --no-install-recommends slurm-wlm munge)
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -eq 0 ]; then
  echo "Slurm is missing: installing Debian's slurm-wlm and munge packages..." >&2
  apt-get update -qq >&2 && "${install[@]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Slurm is missing: installing Debian's slurm-wlm and munge packages with sudo..." >&2
  sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive "${install[@]}" >&2
else
  echo "error: Slurm is missing. Install it with: sudo apt-get update && sudo apt-get install -y slurm-wlm munge" >&2
  exit 2
fi
