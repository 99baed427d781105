#!/usr/bin/env bash
# Checks that every service of the OpenStack test bed is healthy: each recorded process runs,
# a token is issued (admin and the Olimpus account), images, flavors, networks, resource
# providers and hypervisors list, the Nova services (conductor, scheduler, compute) are up,
# the availability zone is available, the linuxbridge agent is alive and not stuck (no failed
# ebtables delete in its log since it started, no port of an ACTIVE server left DOWN), a Heat
# engine reports up and stacks list. Exit 0 when all are.
#
#   health.sh [--wait SECONDS] [--repair]
#     --wait S    retry until healthy or the time is up
#     --repair    restart a stuck or dead linuxbridge agent (by its recorded pid) and check again
set -euo pipefail
OST_ME=health
. "$(dirname "$0")/lib.sh"
WAIT=0 REPAIR=0
while (($#)); do
  case $1 in
    --wait) WAIT=${2:?}; shift 2 ;;
    --repair) REPAIR=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) ost_die "unknown argument '$1'" ;;
  esac
done
AGENT=neutron-linuxbridge-agent
# Failed ebtables deletes since the agent's last start: the agent retries them forever.
agent_log_stuck() {
  local f=$OST_LOG/$AGENT.log n
  [[ -f $f ]] || return 1
  n=$(awk '/^=== .* start: /{n=0} /RULE_DELETE failed|Failed to delete.*ebtables|ebtables.*(Invalid argument)/{n++} END{print n+0}' "$f")
  ((n > 0)) && { echo "$n failed ebtables call(s) in $f since the agent started"; return 0; }
  return 1
}
ost_require_root
[[ -r $OST_JSON ]] || ost_die "the test bed is not up (no $OST_JSON)"
. "$OST_SECRETS"
export OST_PW_ADMIN OST_PW_SVC OST_KEYSTONE_URL OST_DOMAIN OST_REGION OST_COMPUTE_HOST OST_AZ OST_SVC_USER OST_SVC_PROJECT
deadline=$(( $(date +%s) + WAIT ))
while :; do
  rc=0
  for s in "${OST_SERVICES[@]}"; do
    if pid=$(ost_pid "$s"); then printf 'ok   %-28s pid %s\n' "process $s" "$pid"
    elif [[ $s == memcached && -f $OST_RUN/memcached.external ]]; then printf 'ok   %-28s %s\n' "process $s" "external"
    else printf 'FAIL %-28s %s\n' "process $s" "not running"; rc=1; fi
  done
  out=$("$PY" "$OST_DIR/ostb.py" health) || rc=1
  printf '%s\n' "$out"
  stuck=""
  if why=$(agent_log_stuck); then printf 'FAIL %-28s %s\n' "neutron agent log" "$why"; stuck=$why; rc=1
  else printf 'ok   %-28s %s\n' "neutron agent log" "no failed ebtables call since the agent started"; fi
  grep -q '^FAIL neutron agent wiring' <<<"$out" && stuck=${stuck:-ports of ACTIVE servers stay DOWN}
  grep -q '^FAIL neutron agents' <<<"$out" && stuck=${stuck:-Neutron lists no live linuxbridge agent}
  if [[ -n $stuck ]] && ((REPAIR)); then
    ost_log "the linuxbridge agent is stuck ($stuck): restarting it"
    "$OST_DIR/svc.sh" restart "$AGENT" >&2
    REPAIR=0 WAIT=$(( WAIT > 60 ? WAIT : 60 )); deadline=$(( $(date +%s) + WAIT ))
    continue
  fi
  ((rc == 0 || $(date +%s) >= deadline)) && exit $rc
  sleep 2
done
