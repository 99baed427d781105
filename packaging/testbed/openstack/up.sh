#!/usr/bin/env bash
# Brings up a minimal, real OpenStack (Zed, Debian 12 packages) on this machine: Keystone,
# Glance, Placement, Nova (fake hypervisor with real tap devices), Neutron (ML2 + linuxbridge
# agent, VXLAN tenant networks) and Heat (API + engine), each a process recorded in $OST_STATE/run/.
# Uses the MariaDB (127.0.0.1:3306, root) and RabbitMQ (127.0.0.1:5672) running here, starting
# them when they are not. Creates the Olimpus service account, the availability zone
# $OST_AZ and the external network $OST_EXT_NET, then writes $OST_STATE/openstack.json.
#
#   up.sh [--restart]     --restart   tear down a running bed first instead of keeping it
#
# When the bed is already up and healthy it says so and exits 0; a half-up bed is torn down
# (down.sh) first. Everything listens on 127.0.0.1 only.
set -euo pipefail
OST_ME=up
. "$(dirname "$0")/lib.sh"
. "$OST_DIR/configs.sh"
ost_require_root

RESTART=0
for a in "$@"; do
  case $a in
    --restart) RESTART=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) ost_die "unknown argument '$a' (try --help)" ;;
  esac
done
for c in keystone-manage glance-manage placement-manage nova-manage neutron-db-manage heat-manage uwsgi_python3 memcached mysql; do
  command -v "$c" >/dev/null || [[ -x /usr/sbin/$c ]] || ost_die "$c missing: run $OST_DIR/install-deps.sh"
done

mkdir -p "$OST_STATE"
exec 8>"$OST_STATE/.lock"
flock -w 300 8 || ost_die "another up.sh/down.sh holds $OST_STATE/.lock"
T0=$(ost_now)

# ---- already up? ------------------------------------------------------------------------------
all_running() { local s; for s in "${OST_SERVICES[@]}"; do
  [[ $s == memcached && -f $OST_RUN/memcached.external ]] && continue
  ost_pid "$s" >/dev/null || return 1; done; }
if ((RESTART == 0)) && [[ -f $OST_JSON ]] && grep -qx complete "$OST_STATE/created.list" 2>/dev/null; then
  if all_running; then
    ost_log "OpenStack test bed already up (settings: $OST_JSON); nothing to do"
    exit 0
  fi
  # Up, but some service was stopped (svc.sh stop) or died: start just those.
  export OLIMPUS_TESTBED_OPENSTACK_STATE=$OST_STATE
  for s in "${OST_SERVICES[@]}"; do
    [[ $s == memcached && -f $OST_RUN/memcached.external ]] && continue
    ost_pid "$s" >/dev/null || ost_start "$s"
  done
  for s in "${!OST_PORT[@]}"; do ost_wait_port "$s" "${OST_PORT[$s]}" 60; done
  if "$OST_DIR/health.sh" --wait 45 >"$OST_LOG/restart-health.txt" 2>&1; then
    ost_log "OpenStack test bed up again in $(ost_since "$T0") s (restarted stopped services)"
    exit 0
  fi
  ost_log "still unhealthy after restarting services (see $OST_LOG/restart-health.txt); rebuilding"
fi
if compgen -G "$OST_RUN/*.pid" >/dev/null || [[ -f $OST_JSON || -f $OST_STATE/created.list ]]; then
  ost_log "tearing down the previous (partial) bed first"
  OST_LOCK_HELD=1 "$OST_DIR/down.sh"
fi
ost_load_secrets
set -a; . "$OST_SECRETS"; set +a
export OST_KEYSTONE_URL OST_DOMAIN OST_REGION OST_COMPUTE_HOST OST_AZ OST_EXT_NET OST_EXT_PHYSNET \
  OST_EXT_CIDR OST_EXT_GW OST_SVC_USER OST_SVC_PROJECT OST_INTERNAL_USER OST_HEAT_DOMAIN OST_HEAT_DOMAIN_ADMIN \
  OLIMPUS_TESTBED_OPENSTACK_STATE=$OST_STATE
mkdir -p "$OST_RUN" "$OST_LOG" "$OST_LIB"
CREATED=$OST_STATE/created.list   # what down.sh must undo besides the services
: >>"$CREATED"
for s in keystone glance-api placement-api nova-api neutron-server heat-api; do
  ! ost_port_open 127.0.0.1 "${OST_PORT[$s]}" || ost_die "port ${OST_PORT[$s]} ($s) is already taken by another process"
done

# ---- MariaDB, RabbitMQ, memcached -------------------------------------------------------------
if ! ost_port_open 127.0.0.1 3306; then
  ost_log "starting MariaDB (left running by down.sh: other tests share it)"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 100); do ost_port_open 127.0.0.1 3306 && break; sleep 0.2; done
  ost_port_open 127.0.0.1 3306 || ost_die "MariaDB did not start on 127.0.0.1:3306"
fi
# Each service's database pool may grow to 55 connections under load (oslo.db: 5 + 50 overflow) and the
# bed runs a dozen such processes; MariaDB's default 151 was exhausted by 100 copies deployed at once
# (HTTP 500 "Too many connections" from Neutron and Keystone). Raised for as long as MariaDB runs, never lowered.
ost_mysql -e "SET GLOBAL max_connections = GREATEST(@@GLOBAL.max_connections, 800)" ||
  ost_die "could not raise MariaDB's max_connections (the bed needs up to ~700 connections under load)"
if ! ost_port_open 127.0.0.1 5672; then
  ost_log "starting RabbitMQ (stopped again by down.sh)"
  echo rabbitmq >>"$CREATED"
  mkdir -p /run/rabbitmq && chown rabbitmq:rabbitmq /run/rabbitmq 2>/dev/null || true
  start-stop-daemon --start --background --chuid rabbitmq --exec /usr/sbin/rabbitmq-server \
    --output "$OST_LOG/rabbitmq.log" -- 2>/dev/null ||
    start-stop-daemon --start --background --chuid rabbitmq --exec /usr/sbin/rabbitmq-server
  for _ in $(seq 1 300); do ost_port_open 127.0.0.1 5672 && break; sleep 0.2; done
  ost_port_open 127.0.0.1 5672 || ost_die "RabbitMQ did not start on 127.0.0.1:5672"
fi
rm -f "$OST_RUN/memcached.external" "$OST_RUN/rabbit.ready"
if ost_port_open 127.0.0.1 11211; then
  ost_log "using the memcached already on 127.0.0.1:11211"
  touch "$OST_RUN/memcached.external"
else
  ost_start memcached
fi

( # RabbitMQ account (rabbitmqctl costs ~1 s per call: in the background)
  rabbitmqctl -q add_vhost "$OST_RABBIT_VHOST" 2>/dev/null || true
  rabbitmqctl -q add_user "$OST_RABBIT_USER" "$OST_PW_RABBIT" 2>/dev/null ||
    rabbitmqctl -q change_password "$OST_RABBIT_USER" "$OST_PW_RABBIT"
  rabbitmqctl -q set_permissions -p "$OST_RABBIT_VHOST" "$OST_RABBIT_USER" '.*' '.*' '.*'
  touch "$OST_RUN/rabbit.ready"
) >"$OST_LOG/rabbitmq-setup.log" 2>&1 &
RABBIT_JOB=$!
echo "rabbit-vhost $OST_RABBIT_VHOST" >>"$CREATED"

sql="CREATE USER IF NOT EXISTS '$OST_DB_USER'@'127.0.0.1' IDENTIFIED BY '$OST_PW_DB';
CREATE USER IF NOT EXISTS '$OST_DB_USER'@'localhost' IDENTIFIED BY '$OST_PW_DB';
ALTER USER '$OST_DB_USER'@'127.0.0.1' IDENTIFIED BY '$OST_PW_DB';
ALTER USER '$OST_DB_USER'@'localhost' IDENTIFIED BY '$OST_PW_DB';"
for d in "${OST_DBS[@]}"; do
  sql+="CREATE DATABASE IF NOT EXISTS $OST_DB_PREFIX$d CHARACTER SET utf8;
GRANT ALL PRIVILEGES ON $OST_DB_PREFIX$d.* TO '$OST_DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON $OST_DB_PREFIX$d.* TO '$OST_DB_USER'@'localhost';"
done
echo "databases ${OST_DBS[*]}" >>"$CREATED"
ost_mysql -e "$sql" || ost_die "cannot create the databases (root on 127.0.0.1:3306)"
ost_write_configs
ost_log "infrastructure ready in $(ost_since "$T0") s"

# ---- schemas, then services: one pipeline per project, in parallel ------------------------------
# tm CMD...: runs CMD, noting its duration in the pipeline's log and in timings.txt.
tm() { local t rc=0; t=$(ost_now); "$@" || rc=$?; echo "$(ost_since "$t") s  ${*:1:4} (rc $rc)" | tee -a "$OST_LOG/timings.txt"; return $rc; }
# A fernet key: 32 random bytes, URL-safe base64 (what keystone-manage fernet_setup writes; two
# keystone-manage runs less on the critical path).
fernet_keys() {
  local d=$1 i
  mkdir -p "$d"; chmod 700 "$d"
  for i in 0 1; do [[ -s $d/$i ]] || head -c 32 /dev/urandom | base64 | tr '+/' '-_' >"$d/$i"; done
  chmod 600 "$d"/*
}
# Schema cache: migrating empty databases costs most of a cold start (neutron-db-manage alone
# ~30 s of CPU). The freshly migrated, still empty databases are dumped once per set of package
# versions into cache/ and loaded from there next time (about 1 s each).
SCHEMA_KEY=$(dpkg-query -W python3-keystone python3-glance python3-placement python3-nova python3-neutron python3-heat 2>/dev/null | md5sum | cut -c1-12)
SCHEMA_DIR=$OST_STATE/cache/schema-$SCHEMA_KEY
mkdir -p "$SCHEMA_DIR"
db_empty() { [[ $(ost_mysql -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$OST_DB_PREFIX$1'") == 0 ]]; }
# schema DB CMD...: brings database DB to the packages' schema, from the cache when it can.
schema() {
  local db=$1 f=$SCHEMA_DIR/$1.sql; shift
  if db_empty "$db" && [[ -s $f ]]; then
    tm ost_mysql "$OST_DB_PREFIX$db" <"$f"
  else
    local was_empty=0; db_empty "$db" && was_empty=1
    tm "$@"
    if ((was_empty)); then
      mysqldump -h 127.0.0.1 -P 3306 -u root --single-transaction --skip-comments "$OST_DB_PREFIX$db" >"$f.tmp" && mv "$f.tmp" "$f"
    fi
  fi
}
# Seed cache: Keystone right after bootstrap + accounts + catalog, and the Nova API database
# right after the cell mappings, depend only on the schemas, the generated passwords and these
# scripts; they are dumped once and loaded next time, which skips keystone-manage bootstrap,
# the identity calls and two nova-manage runs (the slowest steps left on the critical path).
SEED_KEY=$(cat "$OST_SECRETS" "$OST_DIR/up.sh" "$OST_DIR/ostb.py" "$OST_DIR/lib.sh" "$OST_DIR/configs.sh" |
  md5sum | cut -c1-8)
SEED_DIR=$OST_STATE/cache/seed-$SCHEMA_KEY-$SEED_KEY
for d in "$OST_STATE"/cache/*; do [[ $d == "$SCHEMA_DIR" || $d == "$SEED_DIR" ]] || rm -rf "$d"; done
mkdir -p "$SEED_DIR"
seed_dump() { mysqldump -h 127.0.0.1 -P 3306 -u root --single-transaction --skip-comments "$OST_DB_PREFIX$1" >"$SEED_DIR/$1.sql.tmp" &&
  mv "$SEED_DIR/$1.sql.tmp" "$SEED_DIR/$1.sql"; }
keystone_pipeline() {
  local km=(keystone-manage --config-file "$OST_ETC/keystone/keystone.conf")
  fernet_keys "$OST_LIB/keystone/fernet-keys"
  fernet_keys "$OST_LIB/keystone/credential-keys"
  if db_empty keystone && [[ -s $SEED_DIR/keystone.sql ]]; then
    tm ost_mysql "${OST_DB_PREFIX}keystone" <"$SEED_DIR/keystone.sql"
    ost_start keystone
    return 0
  fi
  schema keystone "${km[@]}" db_sync
  tm "${km[@]}" bootstrap --bootstrap-password "$OST_PW_ADMIN" --bootstrap-region-id "$OST_REGION" \
    --bootstrap-admin-url "$OST_KEYSTONE_URL" --bootstrap-internal-url "$OST_KEYSTONE_URL" \
    --bootstrap-public-url "$OST_KEYSTONE_URL"
  ost_start keystone
  tm "$PY" "$OST_DIR/ostb.py" identity
  seed_dump keystone
}
glance_pipeline() {
  schema glance nice glance-manage --config-file "$OST_ETC/glance/glance-api.conf" db_sync
  ost_start glance-api
}
placement_pipeline() {
  schema placement nice placement-manage --config-dir "$OST_ETC/placement" db sync
  ost_start placement-api
}
nova_pipeline() {
  local nm=(nova-manage --config-file "$OST_ETC/nova/nova.conf") rc=0
  printf '[database]\nconnection = %s\n' "$(ost_db_url nova_cell0)" >"$OST_ETC/nova/cell0.conf"
  # The three schemas are independent: migrate them side by side (cell0 through its own
  # [database] connection, so "db sync" needs no cell mapping yet).
  local seeded=0
  if db_empty nova_api && [[ -s $SEED_DIR/nova_api.sql ]]; then
    tm ost_mysql "${OST_DB_PREFIX}nova_api" <"$SEED_DIR/nova_api.sql" & local j1=$!
    seeded=1
  else
    schema nova_api "${nm[@]}" api_db sync & local j1=$!
  fi
  schema nova "${nm[@]}" db sync --local_cell & local j2=$!
  schema nova_cell0 "${nm[@]}" --config-file "$OST_ETC/nova/cell0.conf" db sync --local_cell & local j3=$!
  wait $j1 && wait $j2 && wait $j3
  if ((seeded == 0)); then
    tm "${nm[@]}" cell_v2 map_cell0 --database_connection "$(ost_db_url nova_cell0)"
    tm "${nm[@]}" cell_v2 create_cell --name cell1 || rc=$?
    ((rc == 0 || rc == 2)) || return 1   # 2: the cell exists already
    seed_dump nova_api
  fi
  for _ in $(seq 1 150); do [[ -f $OST_RUN/rabbit.ready ]] && break; sleep 0.2; done
  ost_start nova-conductor
  ost_start nova-scheduler
  date +%s >"$OST_RUN/nova-compute.since"
  ost_start nova-compute
  ost_start nova-api
}
neutron_pipeline() {
  schema neutron nice neutron-db-manage --config-file "$OST_ETC/neutron/neutron.conf" \
    --config-file "$OST_ETC/neutron/ml2_conf.ini" upgrade heads
  for _ in $(seq 1 150); do [[ -f $OST_RUN/rabbit.ready ]] && break; sleep 0.2; done
  ost_start neutron-server
  ost_start neutron-linuxbridge-agent
}
heat_pipeline() {
  schema heat nice heat-manage --config-file "$OST_ETC/heat/heat.conf" db_sync
  for _ in $(seq 1 150); do [[ -f $OST_RUN/rabbit.ready ]] && break; sleep 0.2; done
  ost_start heat-engine
  ost_start heat-api
}
: >"$OST_LOG/timings.txt"
declare -A JOBS=()
for p in keystone glance placement nova neutron heat; do
  # (set -e must hold inside the pipeline: no "||" around it, which would switch it off)
  ( T=$(ost_now); set +e
    ( set -e; "${p}_pipeline" ) >"$OST_LOG/setup-$p.log" 2>&1
    rc=$?
    if ((rc)); then ost_log "$p setup FAILED: see $OST_LOG/setup-$p.log"; tail -5 "$OST_LOG/setup-$p.log" >&2; exit 1; fi
    ost_log "$p schema and services in $(ost_since "$T") s" ) &
  JOBS[$p]=$!
done
failed=()
for p in "${!JOBS[@]}"; do wait "${JOBS[$p]}" || failed+=("$p"); done
((${#failed[@]} == 0)) || ost_die "setup failed for: ${failed[*]} (logs in $OST_LOG); run down.sh to clean up"

for s in keystone glance-api placement-api nova-api neutron-server heat-api; do ost_wait_port "$s" "${OST_PORT[$s]}" 90; done
ost_log "APIs listening after $(ost_since "$T0") s"

# ---- the guard route, availability zone, external network ---------------------------------------
guard_line="unreachable $OST_GUARD_NET metric $OST_GUARD_METRIC"
if ! ip -4 route show | sed 's/ *$//' | grep -qxF "$guard_line"; then
  echo "route guard" >>"$CREATED"
  ip route add unreachable "$OST_GUARD_NET" metric "$OST_GUARD_METRIC"
fi
"$PY" "$OST_DIR/ostb.py" external &
EXT_JOB=$!
"$PY" "$OST_DIR/ostb.py" wait-compute "$(cat "$OST_RUN/nova-compute.since")" ||
  ost_die "nova-compute did not come up; see $OST_LOG/nova-compute.log"
nova-manage --config-file "$OST_ETC/nova/nova.conf" cell_v2 discover_hosts >"$OST_LOG/discover-hosts.log" 2>&1 ||
  ost_die "discover_hosts failed; see $OST_LOG/discover-hosts.log"
"$PY" "$OST_DIR/ostb.py" zone
wait "$EXT_JOB" || ost_die "creating the external network failed"

# ---- settings for Olimpus and for the openstack CLI ---------------------------------------------
( umask 077
cat >"$OST_JSON.tmp" <<JSON
{
  "keystone_url": "$OST_KEYSTONE_URL",
  "region": "$OST_REGION",
  "domain": "$OST_DOMAIN",
  "domain_id": "default",
  "user_domain": "$OST_DOMAIN",
  "project_domain": "$OST_DOMAIN",
  "username": "$OST_SVC_USER",
  "password": "$OST_PW_SVC",
  "project": "$OST_SVC_PROJECT",
  "availability_zone": "$OST_AZ",
  "external_network": "$OST_EXT_NET",
  "external_cidr": "$OST_EXT_CIDR",
  "compute_host": "$OST_COMPUTE_HOST",
  "admin": { "username": "admin", "password": "$OST_PW_ADMIN", "project": "admin" },
  "endpoints": {
    "identity": "$OST_KEYSTONE_URL", "image": "http://127.0.0.1:9292",
    "placement": "http://127.0.0.1:8778", "compute": "http://127.0.0.1:8774/v2.1",
    "network": "http://127.0.0.1:9696", "orchestration": "http://127.0.0.1:8004/v1"
  },
  "clouds_yaml": "$OST_CLOUDS",
  "state_dir": "$OST_STATE"
}
JSON
mv "$OST_JSON.tmp" "$OST_JSON"
cat >"$OST_CLOUDS" <<YAML
# OS_CLIENT_CONFIG_FILE=$OST_CLOUDS openstack --os-cloud olimpus-testbed-admin ...
clouds:
  olimpus-testbed-admin:
    auth: {auth_url: "$OST_KEYSTONE_URL", username: admin, password: "$OST_PW_ADMIN", project_name: admin,
           user_domain_name: $OST_DOMAIN, project_domain_name: $OST_DOMAIN}
    region_name: $OST_REGION
    identity_api_version: 3
  olimpus-testbed:
    auth: {auth_url: "$OST_KEYSTONE_URL", username: $OST_SVC_USER, password: "$OST_PW_SVC", project_name: $OST_SVC_PROJECT,
           user_domain_name: $OST_DOMAIN, project_domain_name: $OST_DOMAIN}
    region_name: $OST_REGION
    identity_api_version: 3
YAML
)
echo complete >>"$CREATED"
ost_log "OpenStack test bed up in $(ost_since "$T0") s; settings: $OST_JSON"
