#!/usr/bin/env bash
# Starts a one-node Slurm cluster on loopback for tests and trials: munged, slurmctld and slurmd, every
# file (key, sockets, state, spool, logs, pid files) under DIR, root as SlurmUser, no cgroups
# (ProctrackType=proctrack/linuxproc, TaskPlugin=task/none). Prints `export SLURM_CONF=...` on success.
# Usage: scripts/slurm-loopback.sh start DIR CTLD_PORT SLURMD_PORT [CPUS]
#        scripts/slurm-loopback.sh stop DIR      (kills the three daemons by the pids in DIR/*.pid)
# The caller picks free ports (the tests bind port 0 and pass what they got).
set -euo pipefail
command=${1:?usage: slurm-loopback.sh start DIR CTLD_PORT SLURMD_PORT [CPUS] | stop DIR}
dir=$(realpath -m "${2:?DIR missing}")
stop() {
  for daemon in slurmd slurmctld munged; do
    if [ -s "$dir/$daemon.pid" ]; then
      pid=$(cat "$dir/$daemon.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$daemon.pid"
    fi
  done
}
if [ "$command" = stop ]; then
  stop
  exit 0
fi
ctld_port=${3:?CTLD_PORT missing}
slurmd_port=${4:?SLURMD_PORT missing}
cpus=${5:-4}
node=$(hostname -s)
mkdir -p "$dir/munge" "$dir/ctld" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"
if [ ! -s "$dir/munge/munge.key" ]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 600 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"
/usr/sbin/munged --force --socket="$socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
cat > "$dir/slurm.conf" <<CONF
ClusterName=neurons
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
KillWait=5
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=16000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
/usr/sbin/slurmctld -f "$SLURM_CONF" -i
/usr/sbin/slurmd -f "$SLURM_CONF" -N "$node"
for _ in $(seq 100); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "error: the loopback Slurm node did not come up within 20 s (logs: $dir/log)" >&2
sinfo >&2 || true
exit 1
