#!/usr/bin/env bash
# Stops, starts or shows one service of a running OpenStack test bed, e.g. to take Neutron
# away in the middle of a deploy and bring it back:
#
#   svc.sh stop neutron-server      SIGTERM to its recorded pid (and group), SIGKILL after 10 s
#   svc.sh start neutron-server     start it again and wait until its API port answers
#   svc.sh restart NAME | status [NAME]
#
# NAME is one of: memcached keystone glance-api placement-api nova-api nova-conductor
# nova-scheduler nova-compute neutron-server neutron-linuxbridge-agent heat-api heat-engine
set -euo pipefail
OST_ME=svc
. "$(dirname "$0")/lib.sh"
ost_require_root
usage() { sed -n '2,10p' "$0"; exit 2; }
(($# >= 1)) || usage
action=$1 name=${2:-}
[[ -f $OST_STATE/openstack.json || $action == status ]] || ost_die "the test bed is not up (no $OST_JSON)"
case $action in
  stop)  ost_is_service "$name" || usage; ost_stop "$name" 10 ;;
  start|restart)
    ost_is_service "$name" || usage
    [[ $action == restart ]] && ost_stop "$name" 10
    OLIMPUS_TESTBED_OPENSTACK_STATE=$OST_STATE
    export OLIMPUS_TESTBED_OPENSTACK_STATE
    ost_start "$name"
    [[ -n ${OST_PORT[$name]:-} ]] && ost_wait_port "$name" "${OST_PORT[$name]}" 60
    # An if, not &&: a false test as the last command would make a successful start exit 1.
    if [[ $name == nova-compute ]]; then ost_log "note: nova-compute reports up after its first heartbeat (~5 s)"; fi
    ;;
  status)
    rc=0
    for s in ${name:-${OST_SERVICES[@]}}; do
      if pid=$(ost_pid "$s"); then echo "$s running pid $pid"
      elif [[ $s == memcached && -f $OST_RUN/memcached.external ]]; then echo "$s external"
      else echo "$s stopped"; rc=3; fi
    done
    exit $rc ;;
  *) usage ;;
esac
