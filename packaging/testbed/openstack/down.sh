#!/usr/bin/env bash
# Stops the OpenStack test bed using only what up.sh recorded: the services by the pids in
# $OST_STATE/run/*.pid (their process groups and descendants), RabbitMQ only if up.sh started
# it, the Neutron bridges/VXLAN links of the bed's networks (named from Neutron's own records,
# read before Neutron stops), the tap devices the fake hypervisor recorded in run/taps, the guard
# route if up.sh added it; then drops the bed's databases and RabbitMQ vhost (fixed names from
# lib.sh). Safe to run twice and after a half-finished up.sh. Leaves MariaDB running (shared).
#
#   down.sh [--keep-data] [--purge]
#     --keep-data   keep the databases (the next up.sh starts faster, with the old contents)
#     --purge       also delete the whole state folder, generated passwords included
set -euo pipefail
OST_ME=down
. "$(dirname "$0")/lib.sh"
ost_require_root

KEEP=0 PURGE=0
for a in "$@"; do
  case $a in
    --keep-data) KEEP=1 ;;
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) ost_die "unknown argument '$a' (try --help)" ;;
  esac
done
[[ -d $OST_STATE ]] || { ost_log "nothing to do ($OST_STATE does not exist)"; exit 0; }
if [[ ${OST_LOCK_HELD:-0} != 1 ]]; then
  exec 8>"$OST_STATE/.lock"
  flock -w 300 8 || ost_die "another up.sh/down.sh holds $OST_STATE/.lock"
fi
T0=$(ost_now)
CREATED=$OST_STATE/created.list
LINKS=$OST_RUN/links

# ---- names of the links Neutron's agent made, from Neutron's database ------------------------
# brq<network-id[:11]> per network and vxlan-<vni> per VXLAN segment, as the linuxbridge agent
# names them. Read from the bed's own database, recorded, and deleted below by those names.
mkdir -p "$OST_RUN"
if ost_mysql -e "SELECT 1 FROM ${OST_DB_PREFIX}neutron.networksegments LIMIT 1" >/dev/null 2>&1; then
  ost_mysql -e "SELECT CONCAT('brq', LEFT(network_id, 11)) FROM ${OST_DB_PREFIX}neutron.networksegments
                UNION SELECT CONCAT('vxlan-', segmentation_id) FROM ${OST_DB_PREFIX}neutron.networksegments
                WHERE network_type='vxlan'" >>"$LINKS" 2>/dev/null || true
fi

# ---- services, in parallel (the machine's init reaps exited processes slowly) ----------------
pids=()
for s in "${OST_SERVICES[@]}"; do
  if ost_pid "$s" >/dev/null; then
    ost_stop "$s" 15 & pids+=($!)
  else
    rm -f "$OST_RUN/$s.pid"
  fi
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
rm -f "$OST_RUN/memcached.external"

if grep -qx rabbitmq "$CREATED" 2>/dev/null; then
  ost_log "stopping the RabbitMQ up.sh started"
  rabbitmqctl -q shutdown >/dev/null 2>&1 || rabbitmqctl -q stop >/dev/null 2>&1 || rc=1
elif grep -q '^rabbit-vhost ' "$CREATED" 2>/dev/null && ost_port_open 127.0.0.1 5672 && ((KEEP == 0)); then
  rabbitmqctl -q delete_vhost "$OST_RABBIT_VHOST" >/dev/null 2>&1 || true
fi

# ---- links -----------------------------------------------------------------------------------
left=()
if [[ -f $OST_RUN/taps ]]; then cat "$OST_RUN/taps" >>"$LINKS"; fi
if [[ -f $LINKS ]]; then
  while read -r l; do
    [[ $l =~ ^(tap|brq|vxlan-)[A-Za-z0-9-]+$ ]] || continue
    if ip link show "$l" >/dev/null 2>&1; then
      ip link delete "$l" 2>/dev/null && ost_log "deleted link $l" || left+=("link $l")
    fi
  done < <(sort -u "$LINKS")
fi
guard_line="unreachable $OST_GUARD_NET metric $OST_GUARD_METRIC"
if grep -qx "route guard" "$CREATED" 2>/dev/null && ip -4 route show | sed 's/ *$//' | grep -qxF "$guard_line"; then
  if grep -qx "route guard" /var/tmp/olimpus-testbed/linux/state.list /var/tmp/olimpus-testbed/linux-b/state.list 2>/dev/null; then
    ost_log "guard route kept: the Linux test bed uses it too"
  else
    ip route del unreachable "$OST_GUARD_NET" metric "$OST_GUARD_METRIC" && ost_log "deleted guard route"
  fi
fi

# ---- data --------------------------------------------------------------------------------------
if ((KEEP == 0)) && grep -q '^databases ' "$CREATED" 2>/dev/null && ost_port_open 127.0.0.1 3306; then
  sql=""
  for d in "${OST_DBS[@]}"; do sql+="DROP DATABASE IF EXISTS $OST_DB_PREFIX$d;"; done
  ost_mysql -e "$sql" && ost_log "dropped databases ${OST_DBS[*]/#/$OST_DB_PREFIX}" || rc=1
  rm -rf "$OST_LIB/glance" "$OST_LIB/keystone" "$OST_LIB/nova" "$OST_LIB/neutron"
fi
rm -f "$CREATED" "$OST_JSON" "$OST_CLOUDS" "$LINKS" "$OST_RUN/taps" "$OST_RUN/nova-compute.since" "$OST_RUN/rabbit.ready"
if ((PURGE)); then rm -rf "$OST_STATE"; fi

# ---- verify ------------------------------------------------------------------------------------
for s in "${OST_SERVICES[@]}"; do [[ ! -f $OST_RUN/$s.pid ]] || left+=("service $s"); done
((${#left[@]} == 0 && rc == 0)) || ost_die "left behind: ${left[*]:-see messages above}"
ost_log "OpenStack test bed down in $(ost_since "$T0") s"
