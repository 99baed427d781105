#!/usr/bin/env bash
# End-to-end check of the OpenStack test bed: up.sh, health.sh, then as the Olimpus account an
# image, a flavor, a network + subnet (198.18.250.0/24, Neutron-only), a router with the
# external network as gateway, a port and a server on it in the availability zone; waits for
# the server and the port to be ACTIVE (and the port's tap to exist), deletes everything,
# checks nothing is left, then down.sh and checks no process of the bed survives.
#
#   smoke.sh [--keep-up]     --keep-up  leave the bed running afterwards
set -euo pipefail
OST_ME=smoke
. "$(dirname "$0")/lib.sh"
ost_require_root
KEEP_UP=0
case ${1:-} in --keep-up) KEEP_UP=1 ;; "") ;; -h|--help) sed -n '2,8p' "$0"; exit 0 ;; *) ost_die "unknown argument '$1'" ;; esac

T0=$(ost_now)
was_up=0
[[ -f $OST_JSON ]] && was_up=1
T=$(ost_now); "$OST_DIR/up.sh"; t_up=$(ost_since "$T")
T=$(ost_now); "$OST_DIR/health.sh" --wait 30 >"$OST_LOG/smoke-health.txt" || { cat "$OST_LOG/smoke-health.txt"; ost_die "unhealthy"; }
t_health=$(ost_since "$T")
. "$OST_SECRETS"
export OST_PW_ADMIN OST_PW_SVC OST_KEYSTONE_URL OST_DOMAIN OST_REGION OST_COMPUTE_HOST OST_AZ OST_EXT_NET \
  OST_SVC_USER OST_SVC_PROJECT OLIMPUS_TESTBED_OPENSTACK_STATE=$OST_STATE
T=$(ost_now); "$PY" "$OST_DIR/ostb.py" smoke; t_flow=$(ost_since "$T")

if ((KEEP_UP)); then
  ost_log "smoke OK: up ${t_up}s, health ${t_health}s, flow ${t_flow}s (bed left up)"
  exit 0
fi
# Every process of the bed, recorded before down.sh, must be gone after it.
procs=()
for s in "${OST_SERVICES[@]}"; do
  if pid=$(ost_pid "$s"); then procs+=("$pid"); mapfile -t -O "${#procs[@]}" procs < <(ost_descendants "$pid"); fi
done
T=$(ost_now); "$OST_DIR/down.sh"; t_down=$(ost_since "$T")
sleep 1
left=()
for p in "${procs[@]}"; do ost_alive "$p" && left+=("$p:$(tr '\0' ' ' </proc/"$p"/cmdline | cut -c1-60)"); done
((${#left[@]} == 0)) || ost_die "processes left after down.sh: ${left[*]}"
ost_log "smoke OK in $(ost_since "$T0") s: up ${t_up}s (already up before: $was_up), health ${t_health}s, flow ${t_flow}s, down ${t_down}s; ${#procs[@]} processes all gone"
