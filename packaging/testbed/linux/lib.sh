# Shared constants and helpers of the Linux cluster test bed. Sourced, never executed.
# shellcheck disable=SC2034  # constants used by the scripts that source this file
# Every name and address the bed creates is defined here, so cleanup can rely on exact names.

# ---- layout ----------------------------------------------------------------------------------
# Two layouts of the same four hosts, so the driver's assumptions are tested, not inherited from
# one bed. OLIMPUS_TESTBED_LAYOUT (or up.sh --layout) picks one; each has its own state folder,
# names and addresses, so both can be up at once.
#   a  (default) eth0/eth1/uplink, SSH as root, VM state in /var/lib/olimpus, OVS on every host
#   b  mgmt0/ens4/wan0, SSH as the user 'olimpus' with passwordless sudo (a user that exists only
#      inside the bed's hosts), VM state in /srv/olimpus, no Open vSwitch at all on worker3
OLX_LAYOUT=${OLIMPUS_TESTBED_LAYOUT:-a}
if [[ $OLX_LAYOUT == b ]]; then
  OLX_DEFAULT_STATE=/var/tmp/olimpus-testbed/linux-b
  OLX_NS_PREFIX=olb-               # network namespace of host H is olb-H; root links olb-*
  OLX_NET3=198.18.4                # mgmt 198.18.4.0/24, data 198.18.5.0/24
  OLX_DATA3=198.18.5
  OLX_OUT3=198.19.4                # outside 198.19.4.0/24
  OLX_MGMT_IF=mgmt0 OLX_DATA_IF=ens4 OLX_UPLINK_IF=wan0
  OLX_SSH_USER=olimpus
  OLX_HOST_VM_DIR=/srv/olimpus
  OLX_NO_OVS_HOSTS=(worker3)       # no OVS daemons, and ovs-vsctl/ovs-ofctl hidden in that host
  OLX_OTHER_LAYOUT=a OLX_OTHER_PREFIX=olx- OLX_OTHER_STATE=/var/tmp/olimpus-testbed/linux
else
  OLX_DEFAULT_STATE=/var/tmp/olimpus-testbed/linux
  OLX_NS_PREFIX=olx-
  OLX_NET3=198.18.0
  OLX_DATA3=198.18.1
  OLX_OUT3=198.19.0
  OLX_MGMT_IF=eth0 OLX_DATA_IF=eth1 OLX_UPLINK_IF=uplink
  OLX_SSH_USER=root
  OLX_HOST_VM_DIR=/var/lib/olimpus
  OLX_NO_OVS_HOSTS=()
  OLX_OTHER_LAYOUT=b OLX_OTHER_PREFIX=olb- OLX_OTHER_STATE=/var/tmp/olimpus-testbed/linux-b
fi

# ---- folders -------------------------------------------------------------------------------
OLX_STATE=${OLIMPUS_TESTBED_STATE:-$OLX_DEFAULT_STATE}
OLX_CACHE=${OLIMPUS_TESTBED_CACHE:-/var/tmp/olimpus-testbed/guest}
OLX_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---- hosts and addresses -------------------------------------------------------------------
# Only 198.18.0.0/15 is ever used, and only inside namespaces the bed creates (plus the root
# address on the bed's management bridge in the root namespace). 192.0.2.0/24 is the machine's
# real network and must never appear here.
OLX_HOSTS=(headnode worker1 worker2 worker3)
OLX_WORKERS=(worker1 worker2 worker3)
declare -A OLX_SHORT=([headnode]=hn [worker1]=w1 [worker2]=w2 [worker3]=w3)
declare -A OLX_MGMT_IP=([headnode]=$OLX_NET3.10 [worker1]=$OLX_NET3.11 [worker2]=$OLX_NET3.12 [worker3]=$OLX_NET3.13)
declare -A OLX_DATA_IP=([headnode]=$OLX_DATA3.10 [worker1]=$OLX_DATA3.11 [worker2]=$OLX_DATA3.12 [worker3]=$OLX_DATA3.13)
OLX_OUTSIDE_NS=${OLX_NS_PREFIX}outside   # the fake internet, reachable only through the headnode
OLX_BR_MGMT=${OLX_NS_PREFIX}mgmt         # root-namespace bridges (the "switches" of the fabric)
OLX_BR_DATA=${OLX_NS_PREFIX}data
OLX_MGMT_NET=$OLX_NET3.0/24
OLX_DATA_NET=$OLX_DATA3.0/24
OLX_MGMT_PREFIX=24
OLX_DATA_PREFIX=24
OLX_ROOT_MGMT_IP=$OLX_NET3.1
OLX_DATA_MTU=1600                  # room for the 50-byte VXLAN header over 1500-byte guests
OLX_GUARD_NET=198.18.0.0/15
OLX_GUARD_METRIC=9999
OLX_OUTSIDE_NET=$OLX_OUT3.0/24
OLX_OUTSIDE_IP=$OLX_OUT3.1
OLX_UPLINK_IP=$OLX_OUT3.2          # headnode's address on its uplink into the outside namespace
OLX_SLICE_POOL=198.18.128.0/17     # where slice networks may take addresses; never used by the bed
OLX_QEMU_ACCEL="tcg,tb-size=16"    # no usable KVM here; real workers use kvm

# ---- messages ------------------------------------------------------------------------------
olx_log()  { printf '[%s] %s\n' "${OLX_ME:-testbed}" "$*" >&2; }
olx_die()  { printf '[%s] ERROR: %s\n' "${OLX_ME:-testbed}" "$*" >&2; exit 1; }
olx_now()  { date +%s.%N; }
olx_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }

olx_require_root() { [[ $(id -u) -eq 0 ]] || olx_die "must run as root"; }

# A folder given through the environment must be a plain absolute path, at least two levels
# deep, because scripts create and delete things under it.
olx_check_dir_var() {
  local name=$1 val=$2
  [[ $val =~ ^/[A-Za-z0-9._/-]+$ ]] || olx_die "$name must be an absolute path of [A-Za-z0-9._/-]: '$val'"
  [[ $val != *..* ]] || olx_die "$name must not contain '..': '$val'"
  [[ $val =~ ^/[^/]+/[^/]+ ]] || olx_die "$name is too shallow to be used as the bed's folder: '$val'"
}
[[ $OLX_LAYOUT == a || $OLX_LAYOUT == b ]] || olx_die "OLIMPUS_TESTBED_LAYOUT must be a or b, not '$OLX_LAYOUT'"
olx_check_dir_var OLIMPUS_TESTBED_STATE "$OLX_STATE"
olx_check_dir_var OLIMPUS_TESTBED_CACHE "$OLX_CACHE"

olx_is_host() { local h; for h in "${OLX_HOSTS[@]}"; do [[ $h == "$1" ]] && return 0; done; return 1; }
olx_ns() { echo "${OLX_NS_PREFIX}$1"; }
olx_link() { echo "${OLX_NS_PREFIX}${OLX_SHORT[$1]}-$2"; }   # root end of host H's mgmt (m) or data (d) veth
olx_has_ovs() { local h; for h in "${OLX_NO_OVS_HOSTS[@]}"; do [[ $h == "$1" ]] && return 1; done; return 0; }

# ---- state file ----------------------------------------------------------------------------
# $OLX_STATE/state.list records, one per line and BEFORE creating it, every resource the bed
# makes: "route guard", "link NAME", "netns NAME", "pid PID STARTTIME WHAT", "dir PATH",
# and finally "complete". down.sh undoes them in reverse order.
OLX_STATE_LIST=$OLX_STATE/state.list
olx_record() { echo "$*" >>"$OLX_STATE_LIST"; }

# Start time of a process (field 22 of /proc/PID/stat) so a recorded pid is never confused with
# a later process that reused the number.
olx_starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }               # drop "pid (comm) " (comm may hold spaces)
  awk '{print $20}' <<<"$stat"   # field 22 overall = 20th after pid and comm
}
# True while a process exists and is not a zombie (a killed host can stay a zombie for a while
# until its parent is reaped by the machine's init).
olx_alive() { local st; st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null) && [[ -n $st && $st != Z && $st != X ]]; }
olx_pid_matches() { [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] && [[ $(olx_starttime "$1" 2>/dev/null) == "$2" ]]; }

# The root-namespace pid of PID 1 of host H's pid namespace (from the recorded state).
olx_host_pid1() {
  local h=$1 line
  line=$(awk -v w="host-$h" '$1=="pid" && $4==w {print $2, $3}' "$OLX_STATE_LIST" 2>/dev/null | tail -1)
  [[ -n $line ]] || return 1
  set -- $line
  olx_pid_matches "$1" "$2" || return 1
  echo "$1"
}

olx_ssh_opts() {
  echo "-F /dev/null -i $OLX_STATE/ssh/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes" \
       "-o UserKnownHostsFile=$OLX_STATE/ssh/known_hosts -o StrictHostKeyChecking=yes" \
       "-o ConnectTimeout=5 -o LogLevel=ERROR"
}
