#!/usr/bin/env bash
# Checks that every service of the OpenStack test bed is healthy: each recorded process runs,
# a token is issued (admin and the Olimpus account), images, flavors, networks, resource
# providers and hypervisors list, the Nova services (conductor, scheduler, compute) are up,
# the availability zone is available and the linuxbridge agent is alive. Exit 0 when all are.
#
#   health.sh [--wait SECONDS]   retry until healthy or the time is up
set -euo pipefail
OST_ME=health
. "$(dirname "$0")/lib.sh"
WAIT=0
case ${1:-} in --wait) WAIT=${2:?}; ;; "") ;; -h|--help) sed -n '2,7p' "$0"; exit 0 ;; *) ost_die "unknown argument '$1'" ;; esac
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
  "$PY" "$OST_DIR/ostb.py" health || rc=1
  ((rc == 0 || $(date +%s) >= deadline)) && exit $rc
  sleep 2
done
