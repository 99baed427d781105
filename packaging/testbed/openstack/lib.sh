# Shared constants and helpers of the OpenStack test bed. Sourced, never executed.
# shellcheck disable=SC2034  # constants used by the scripts that source this file
# Every name the bed creates (databases, users, processes, links) is defined here, so cleanup
# relies on exact, recorded names and pids only.

# ---- folders -------------------------------------------------------------------------------
OST_STATE=${OLIMPUS_TESTBED_OPENSTACK_STATE:-/var/tmp/olimpus-testbed/openstack}
OST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OST_ETC=$OST_STATE/etc           # every service's configuration (nothing under /etc is changed)
OST_RUN=$OST_STATE/run           # NAME.pid (pid + start time) of each running service
OST_LOG=$OST_STATE/log           # NAME.log of each service
OST_LIB=$OST_STATE/lib           # fernet keys, glance images, lock files
OST_JSON=$OST_STATE/openstack.json
OST_CLOUDS=$OST_STATE/clouds.yaml
OST_SECRETS=$OST_STATE/secrets.env   # generated once, kept across down/up (like ssh keys)
PY=/usr/bin/python3                  # the python3 first on PATH may be a build without OpenStack

# ---- the cloud -----------------------------------------------------------------------------
OST_HOST=127.0.0.1
OST_REGION=RegionOne
OST_DOMAIN=Default
OST_COMPUTE_HOST=olimpus-os-compute1   # nova-compute and the linuxbridge agent share this host
OST_AZ=olimpus-az1                     # a Nova availability zone (host aggregate with that zone)
OST_EXT_NET=olimpus-ext                # external (flat, router:external) network; API-level only
OST_EXT_PHYSNET=external
OST_EXT_CIDR=198.19.200.0/24           # only in Neutron's database: no L3 agent, no address on any interface
OST_EXT_GW=198.19.200.1
OST_GUARD_NET=198.18.0.0/15            # same guard line as the Linux bed, so the two beds coexist
OST_GUARD_METRIC=9999
OST_SVC_USER=olimpus                   # the service account Olimpus uses
OST_SVC_PROJECT=olimpus
OST_INTERNAL_USER=ostb-services        # the account Glance/Nova/Neutron/Placement use among themselves
OST_DB_USER=olimpus_ostb
OST_DB_PREFIX=ostb_
OST_DBS=(keystone glance placement nova_api nova nova_cell0 neutron heat)
OST_RABBIT_USER=olimpus_ostb
OST_RABBIT_VHOST=olimpus-ostb
declare -A OST_PORT=([keystone]=5000 [glance-api]=9292 [placement-api]=8778 [nova-api]=8774 [neutron-server]=9696 [heat-api]=8004)
OST_KEYSTONE_URL=http://$OST_HOST:5000/v3
# Neutron's API processes: one by default (the CI's 2 cores); a large class benchmark sets 2, since a
# single worker is the first thing a 100-copy class saturates (docs/benchmarks.md).
OST_NEUTRON_API_WORKERS=${OLIMPUS_TESTBED_NEUTRON_API_WORKERS:-1}
[[ $OST_NEUTRON_API_WORKERS =~ ^[1-8]$ ]] || { echo "OLIMPUS_TESTBED_NEUTRON_API_WORKERS must be 1-8, not '$OST_NEUTRON_API_WORKERS'" >&2; exit 2; }

# Services in start order; svc.sh accepts each name.
OST_SERVICES=(memcached keystone glance-api placement-api nova-api nova-conductor nova-scheduler
              nova-compute neutron-server neutron-linuxbridge-agent heat-api heat-engine)
# Heat's stack domain: Heat makes the users of resources that call back into it there (not used by
# the templates Olimpus exports, but Heat expects the domain and its admin to exist).
OST_HEAT_DOMAIN=heat
OST_HEAT_DOMAIN_ADMIN=heat_domain_admin

# ---- messages ------------------------------------------------------------------------------
ost_log()   { printf '[%s %s] %s\n' "${OST_ME:-testbed}" "$(date +%T)" "$*" >&2; }
ost_die()   { printf '[%s] ERROR: %s\n' "${OST_ME:-testbed}" "$*" >&2; exit 1; }
ost_now()   { date +%s.%N; }
ost_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
ost_require_root() { [[ $(id -u) -eq 0 ]] || ost_die "must run as root"; }

[[ $OST_STATE =~ ^/[A-Za-z0-9._/-]+$ && $OST_STATE != *..* && $OST_STATE =~ ^/[^/]+/[^/]+ ]] ||
  ost_die "OLIMPUS_TESTBED_OPENSTACK_STATE must be an absolute path of [A-Za-z0-9._/-], two levels deep: '$OST_STATE'"

ost_port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
ost_mysql() { mysql -h 127.0.0.1 -P 3306 -u root --batch --skip-column-names "$@"; }

# ---- processes -----------------------------------------------------------------------------
# A service runs as the leader of its own session (setsid), so its pid is also its process
# group; run/NAME.pid holds "PID STARTTIME" so a reused pid is never mistaken for it.
ost_starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  awk '{print $20}' <<<"$stat"
}
ost_alive() { local st; st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null) && [[ -n $st && $st != Z && $st != X ]]; }
# Prints the pid of service NAME when its recorded process still runs.
ost_pid() {
  local f=$OST_RUN/$1.pid pid st
  [[ -f $f ]] || return 1
  read -r pid st <"$f" || return 1
  [[ $pid =~ ^[0-9]+$ && $(ost_starttime "$pid" 2>/dev/null) == "$st" ]] && ost_alive "$pid" || return 1
  echo "$pid"
}
# Every descendant of a pid (children first listed after parents), from /proc.
ost_descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1]=$2; pids[NR]=$1 }
    END { found[root]=1; changed=1
          while (changed) { changed=0
            for (i in pids) { p=pids[i]; if (!(p in found) && (parent[p] in found)) { found[p]=1; changed=1; print p } } } }'
}

# ---- secrets -------------------------------------------------------------------------------
# Generated on first use into $OST_SECRETS (mode 600) and kept, so a user's saved settings
# stay valid across down/up.
ost_load_secrets() {
  mkdir -p "$OST_STATE"
  if [[ ! -s $OST_SECRETS ]]; then
    local v
    ( umask 077
      for v in DB RABBIT ADMIN INTERNAL SVC; do
        echo "OST_PW_$v=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
      done >"$OST_SECRETS.tmp" )
    mv "$OST_SECRETS.tmp" "$OST_SECRETS"
  fi
  # shellcheck disable=SC1090
  . "$OST_SECRETS"
}

# ---- how each service is started ------------------------------------------------------------
# Prints the command line of service NAME, one word per line.
ost_cmd() {
  case $1 in
    memcached) printf '%s\n' /usr/bin/memcached -u memcache -l 127.0.0.1 -p 11211 -U 0 -m 64 -c 1024 ;;
    keystone) printf '%s\n' /usr/bin/uwsgi_python3 --ini "$OST_ETC/keystone/uwsgi.ini" ;;
    placement-api) printf '%s\n' /usr/bin/uwsgi_python3 --ini "$OST_ETC/placement/uwsgi.ini" ;;
    glance-api) printf '%s\n' "$PY" /usr/bin/glance-api --config-file "$OST_ETC/glance/glance-api.conf" ;;
    nova-api|nova-conductor|nova-scheduler)
      printf '%s\n' "$PY" "/usr/bin/$1" --config-file "$OST_ETC/nova/nova.conf" ;;
    nova-compute) printf '%s\n' "$PY" "$OST_DIR/nova-compute-fakevif.py" --config-file "$OST_ETC/nova/nova.conf" ;;
    neutron-server)
      printf '%s\n' "$PY" /usr/bin/neutron-server --config-file "$OST_ETC/neutron/neutron.conf" \
        --config-file "$OST_ETC/neutron/ml2_conf.ini" ;;
    neutron-linuxbridge-agent)
      printf '%s\n' "$PY" "$OST_DIR/neutron-linuxbridge-agent-noebtables.py" --config-file "$OST_ETC/neutron/neutron.conf" \
        --config-file "$OST_ETC/neutron/linuxbridge_agent.ini" ;;
    heat-api|heat-engine) printf '%s\n' "$PY" "/usr/bin/$1" --config-file "$OST_ETC/heat/heat.conf" ;;
    *) return 1 ;;
  esac
}
ost_is_service() { local s; for s in "${OST_SERVICES[@]}"; do [[ $s == "$1" ]] && return 0; done; return 1; }

# Starts service NAME in its own session, output to log/NAME.log; no-op when it runs.
ost_start() {
  local name=$1 pid cmd
  ost_is_service "$name" || ost_die "unknown service '$name' (one of: ${OST_SERVICES[*]})"
  if pid=$(ost_pid "$name"); then ost_log "$name already running (pid $pid)"; return 0; fi
  if [[ $name == memcached && -f $OST_RUN/memcached.external ]]; then return 0; fi
  mapfile -t cmd < <(ost_cmd "$name")
  mkdir -p "$OST_RUN" "$OST_LOG"
  echo "=== $(date '+%F %T') start: ${cmd[*]}" >>"$OST_LOG/$name.log"
  # Not a process-group leader here (no job control), so setsid execs in place: $! is the
  # service itself, leader of its own session and process group.
  setsid "${cmd[@]}" </dev/null >>"$OST_LOG/$name.log" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid $(ost_starttime "$pid")" >"$OST_RUN/$name.pid"
  ost_log "started $name (pid $pid)"
}

# Stops service NAME: SIGTERM to its recorded pid, its process group and its descendants,
# SIGKILL after a grace period; waits until all of them are gone.
ost_stop() {
  local name=$1 pid grace=${2:-10} p left i
  pid=$(ost_pid "$name") || { rm -f "$OST_RUN/$name.pid"; return 0; }
  local -a procs=("$pid")
  mapfile -t -O 1 procs < <(ost_descendants "$pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  kill -TERM "${procs[@]}" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    left=0; for p in "${procs[@]}"; do ost_alive "$p" && left=1; done
    ((left)) || break
    sleep 0.1
  done
  if ((left)); then
    kill -KILL -- "-$pid" 2>/dev/null || true
    kill -KILL "${procs[@]}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      left=0; for p in "${procs[@]}"; do ost_alive "$p" && left=1; done
      ((left)) || break
      sleep 0.1
    done
  fi
  rm -f "$OST_RUN/$name.pid"
  ((left)) && { ost_log "WARNING: $name (pid $pid) still alive after SIGKILL"; return 1; }
  ost_log "stopped $name (pid $pid)"
}

# Waits until TCP port answers (or service dies); $3 = timeout s.
ost_wait_port() {
  local name=$1 port=$2 t=${3:-60} i
  for ((i = 0; i < t * 5; i++)); do
    ost_port_open 127.0.0.1 "$port" && return 0
    ost_pid "$name" >/dev/null || ost_die "$name died while starting; see $OST_LOG/$name.log: $(tail -3 "$OST_LOG/$name.log")"
    sleep 0.2
  done
  ost_die "$name did not open port $port within ${t}s; see $OST_LOG/$name.log"
}
