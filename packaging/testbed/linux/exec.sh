#!/usr/bin/env bash
# Runs a command inside a whole test-bed host (its network, mount, UTS and PID namespaces),
# like a shell on that machine would:   exec.sh HOST [cmd args...]
# HOST is headnode, worker1, worker2, worker3, or "outside" (network namespace only). Without a
# command it opens an interactive bash.
set -euo pipefail
OLX_ME="exec"
. "$(dirname "$0")/lib.sh"
olx_require_root

[[ $# -ge 1 ]] || olx_die "usage: exec.sh HOST [cmd args...]  (HOST: ${OLX_HOSTS[*]} outside)"
h=$1; shift
(($#)) || set -- bash -i
if [[ $h == outside ]]; then
  [[ -e /run/netns/$OLX_OUTSIDE_NS ]] || olx_die "the bed is not up (no $OLX_OUTSIDE_NS)"
  exec ip netns exec "$OLX_OUTSIDE_NS" "$@"
fi
olx_is_host "$h" || olx_die "unknown host '$h' (hosts: ${OLX_HOSTS[*]} outside)"
pid1=$(olx_host_pid1 "$h") || olx_die "host $h is not running (is the bed up? $OLX_STATE/state.list)"
exec nsenter -t "$pid1" -n -m -u -p --wd=/ -- "$@"
