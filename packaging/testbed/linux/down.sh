#!/usr/bin/env bash
# Tears the Linux cluster test bed down, using only what up.sh recorded in
# $OLX_STATE/state.list plus the bed's own fixed names (olx-*/olb-* namespaces and links from lib.sh):
# kills each host's PID 1 (everything inside the host dies with it) and the outside web server,
# kills whatever still runs inside the bed's own namespaces, deletes the namespaces, the
# veths and bridges, the guard route and the folder it created. Safe to run twice and after a
# half-finished up.sh. Keeps the ssh keys (stable known_hosts) and the hosts' logs.
#
#   down.sh [--layout a|b] [--purge]   --purge also deletes the whole state folder, keys included
set -euo pipefail
OLX_ME=down
args=()
while (($#)); do
  case $1 in
    --layout) [[ $# -ge 2 ]] || { echo "[down] ERROR: --layout needs a or b" >&2; exit 1; }; export OLIMPUS_TESTBED_LAYOUT=$2; shift 2 ;;
    --layout=*) export OLIMPUS_TESTBED_LAYOUT=${1#--layout=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"
. "$(dirname "$0")/lib.sh"
olx_require_root

PURGE=0
for a in "$@"; do
  case $a in
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) olx_die "unknown argument '$a' (try --help)" ;;
  esac
done

if [[ ${OLX_LOCK_HELD:-0} != 1 && -d $OLX_STATE ]]; then
  exec 8>"$OLX_STATE/.lock"
  flock -w 120 8 || olx_die "another up.sh/down.sh holds $OLX_STATE/.lock"
fi

T0=$(olx_now)
records=()
if [[ -f $OLX_STATE_LIST ]]; then
  mapfile -t records < <(tac "$OLX_STATE_LIST")
fi

# Names to consider: recorded ones first, then the bed's fixed names as a fallback when the
# state file was lost. Nothing is ever matched by pattern.
declare -A seen_ns seen_link
nss=() links=()
add_ns() { [[ -n ${seen_ns[$1]:-} ]] || { seen_ns[$1]=1; nss+=("$1"); }; }
add_link() { [[ -n ${seen_link[$1]:-} ]] || { seen_link[$1]=1; links+=("$1"); }; }
for r in "${records[@]}"; do
  set -- $r
  case ${1:-} in
    netns) add_ns "$2" ;;
    link) add_link "$2" ;;
  esac
done
for h in "${OLX_HOSTS[@]}"; do
  add_ns "$(olx_ns "$h")"; add_link "$(olx_link "$h" m)"; add_link "$(olx_link "$h" d)"
done
add_ns "$OLX_OUTSIDE_NS"; add_link "$OLX_BR_MGMT"; add_link "$OLX_BR_DATA"

# ---- processes -------------------------------------------------------------------------------
killed=()
kill_recorded() {   # $1 = pid, $2 = start time, $3 = what
  if olx_pid_matches "$1" "$2"; then
    kill -KILL "$1" 2>/dev/null && killed+=("$1") || true
    olx_log "killed $3 (pid $1)"
  fi
}
# Host PID 1s first: killing a pid namespace's init kills the whole host.
for r in "${records[@]}"; do
  set -- $r
  [[ ${1:-} == pid && ${4:-} == host-* ]] && kill_recorded "$2" "$3" "$4"
done
for r in "${records[@]}"; do
  set -- $r
  [[ ${1:-} == pid && ${4:-} != host-* ]] && kill_recorded "$2" "$3" "$4"
done
# Anything still running inside the bed's own network namespaces (e.g. when pids were lost).
for ns in "${nss[@]}"; do
  [[ -e /run/netns/$ns ]] || continue
  for p in $(ip netns pids "$ns" 2>/dev/null); do
    [[ $p =~ ^[0-9]+$ ]] || continue
    kill -KILL "$p" 2>/dev/null && { killed+=("$p"); olx_log "killed pid $p left in $ns"; } || true
  done
done
for _ in $(seq 1 100); do
  alive=0
  for p in "${killed[@]}"; do olx_alive "$p" && alive=1; done
  ((alive == 0)) && break
  sleep 0.05
done

# ---- namespaces, links, route ----------------------------------------------------------------
for ns in "${nss[@]}"; do
  if [[ -e /run/netns/$ns ]]; then
    ip netns delete "$ns" && olx_log "deleted netns $ns"
  fi
done
for l in "${links[@]}"; do
  if ip link show "$l" >/dev/null 2>&1; then
    ip link delete "$l" 2>/dev/null && olx_log "deleted link $l" || true
  fi
done
guard_line="unreachable $OLX_GUARD_NET metric $OLX_GUARD_METRIC"
if ip -4 route show | sed 's/ *$//' | grep -qxF "$guard_line"; then
  # The OpenStack test bed installs the same route; while it is up, the route stays for it.
  if grep -qx "route guard" /var/tmp/olimpus-testbed/openstack/created.list 2>/dev/null; then
    olx_log "guard route kept: the OpenStack test bed uses it too"
  elif grep -qx "route guard" "$OLX_OTHER_STATE/state.list" 2>/dev/null; then
    olx_log "guard route kept: the Linux bed's layout $OLX_OTHER_LAYOUT uses it too"
  else
    ip route del unreachable "$OLX_GUARD_NET" metric "$OLX_GUARD_METRIC" && olx_log "deleted guard route"
  fi
fi
for r in "${records[@]}"; do
  set -- $r
  if [[ ${1:-} == dir && ${2:-} == "$OLX_HOST_VM_DIR" && -d $2 ]]; then
    rmdir "$2" 2>/dev/null && olx_log "removed $2" || olx_log "left $2 (not empty)"
  fi
done

# ---- state folder ----------------------------------------------------------------------------
if [[ -d $OLX_STATE ]]; then
  if ((PURGE)); then
    rm -rf "$OLX_STATE"
  else
    for h in "${OLX_HOSTS[@]}"; do
      rm -rf "$OLX_STATE/hosts/$h/olimpus" "$OLX_STATE/hosts/$h/local/etc" "$OLX_STATE/hosts/$h/local/var/lib"
    done
    rm -f "$OLX_STATE_LIST" "$OLX_STATE/testbed.json" "$OLX_STATE/testbed.env"
  fi
fi

# ---- verify ----------------------------------------------------------------------------------
left=()
for ns in "${nss[@]}"; do [[ ! -e /run/netns/$ns ]] || left+=("netns $ns"); done
for l in "${links[@]}"; do ! ip link show "$l" >/dev/null 2>&1 || left+=("link $l"); done
for p in "${killed[@]}"; do ! olx_alive "$p" || left+=("pid $p"); done
if ((${#left[@]})); then
  olx_die "left behind: ${left[*]}"
fi
olx_log "test bed down in $(olx_since "$T0") s"
