#!/usr/bin/env bash
# Brings up the Linux cluster test bed on this machine: hosts headnode, worker1..3 (each a
# network + UTS + mount + PID namespace with its own sshd and, by default, Open vSwitch), an
# "outside" namespace standing in for the internet behind the headnode, and the fabric (a
# management and a data bridge in the root namespace). Writes $OLX_STATE/testbed.json.
#
#   up.sh [--layout a|b] [--no-ovs] [--no-guest] [--restart]
#     --layout    which layout (lib.sh): a (default; or OLIMPUS_TESTBED_LAYOUT) or b (other interface
#                 names, SSH as a sudo user, another VM state folder, no OVS on worker3)
#     --no-ovs    do not start ovsdb-server/ovs-vswitchd in the hosts (Linux bridge only)
#     --no-guest  do not build/check the guest kernel and initramfs (build-guest.sh)
#     --restart   tear down a running bed first instead of keeping it
#
# When the bed is already up and healthy it says so and exits 0. A half-built or dead bed is
# torn down (down.sh) first. Refuses to start when 198.18.0.0/24 or 198.18.1.0/24 is routed by
# anything else in the root namespace.
set -euo pipefail
OLX_ME=up
# The layout decides every name lib.sh defines: read it before sourcing lib.sh.
args=()
while (($#)); do
  case $1 in
    --layout) [[ $# -ge 2 ]] || { echo "[up] ERROR: --layout needs a or b" >&2; exit 1; }; export OLIMPUS_TESTBED_LAYOUT=$2; shift 2 ;;
    --layout=*) export OLIMPUS_TESTBED_LAYOUT=${1#--layout=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"
. "$(dirname "$0")/lib.sh"
olx_require_root

WITH_OVS=1 WITH_GUEST=1 RESTART=0
for a in "$@"; do
  case $a in
    --no-ovs) WITH_OVS=0 ;;
    --no-guest) WITH_GUEST=0 ;;
    --restart) RESTART=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) olx_die "unknown argument '$a' (try --help)" ;;
  esac
done

for c in ip unshare nsenter sshd ssh ssh-keygen socat busybox iptables; do
  command -v "$c" >/dev/null || [[ -x /usr/sbin/$c ]] || olx_die "$c missing: run $OLX_DIR/install-deps.sh"
done
if [[ $OLX_SSH_USER != root ]]; then
  command -v sudo >/dev/null || olx_die "sudo missing (layout $OLX_LAYOUT connects as '$OLX_SSH_USER' with sudo): apt-get install sudo"
fi
if ((WITH_OVS)); then
  command -v ovs-vswitchd >/dev/null || [[ -x /usr/sbin/ovs-vswitchd ]] || olx_die "openvswitch-switch missing: run install-deps.sh"
fi

mkdir -p "$OLX_STATE"
exec 8>"$OLX_STATE/.lock"
flock -w 120 8 || olx_die "another up.sh/down.sh holds $OLX_STATE/.lock"

# ---- already up? -----------------------------------------------------------------------------
bed_healthy() {
  [[ -f $OLX_STATE_LIST ]] && grep -qx complete "$OLX_STATE_LIST" || return 1
  local h
  for h in "${OLX_HOSTS[@]}"; do
    olx_host_pid1 "$h" >/dev/null || return 1
    [[ $(cat "$OLX_STATE/hosts/$h/status" 2>/dev/null) == ready ]] || return 1
  done
  ip link show "$OLX_BR_MGMT" >/dev/null 2>&1 && ip link show "$OLX_BR_DATA" >/dev/null 2>&1
}
if [[ -f $OLX_STATE_LIST ]]; then
  if ((RESTART == 0)) && bed_healthy; then
    if grep -qx "ovs $WITH_OVS" "$OLX_STATE_LIST"; then
      olx_log "test bed already up (state $OLX_STATE/testbed.json); nothing to do"
      exit 0
    fi
    olx_log "test bed is up with a different Open vSwitch setting; restarting it"
  fi
  olx_log "tearing down the previous bed first"
  OLX_LOCK_HELD=1 "$OLX_DIR/down.sh"
fi

# ---- refuse to clash with anything else ------------------------------------------------------
guard_line="unreachable $OLX_GUARD_NET metric $OLX_GUARD_METRIC"
# Any route inside 198.18.0.0/15 (all tables), or any route other than a default one that
# covers the management or data subnet, belongs to someone else. Only our own guard route (left
# by a bed that died) is tolerated.
# The other layout's bed (its own bridges, ${OLX_OTHER_PREFIX}mgmt/data, and subnets) may be up beside this one.
other_devs=" dev ${OLX_OTHER_PREFIX}mgmt | dev ${OLX_OTHER_PREFIX}data "
others=$(ip -4 route show table all root "$OLX_GUARD_NET" | sed 's/ *$//' | grep -vxF "$guard_line" | grep -vE "$other_devs" || true)
for net in "$OLX_MGMT_NET" "$OLX_DATA_NET"; do
  hit=$(ip -4 route show table all match "${net%/*}" | sed 's/ *$//' | grep -v '^default ' | grep -vxF "$guard_line" || true)
  [[ -z $hit ]] || others+=$'\n'"$hit"
done
others=$(sed '/^$/d' <<<"$others" | sort -u)
[[ -z $others ]] || olx_die "refusing to start: 198.18.0.0/15 (the bed's range) is already routed here:
$others"
if ip -4 -o addr show to "$OLX_GUARD_NET" | grep -vE "^[0-9]+: ${OLX_OTHER_PREFIX}(mgmt|data) " | grep -q .; then
  olx_die "refusing to start: an address from $OLX_GUARD_NET already exists in the root namespace"
fi
for ns in "${OLX_HOSTS[@]/#/$OLX_NS_PREFIX}" "$OLX_OUTSIDE_NS"; do
  [[ ! -e /run/netns/$ns ]] || olx_die "refusing to start: network namespace $ns exists but is not recorded by the bed (run down.sh)"
done
# Links are recorded before they are created, so a clash must be caught here: otherwise a
# failed bring-up would delete someone else's link of the same name.
links=("$OLX_BR_MGMT" "$OLX_BR_DATA")
for h in "${OLX_HOSTS[@]}"; do links+=("$(olx_link "$h" m)" "$(olx_link "$h" d)"); done
for l in "${links[@]}"; do
  ! ip link show "$l" >/dev/null 2>&1 || olx_die "refusing to start: link $l exists but is not recorded by the bed (run down.sh)"
done

T0=$(olx_now)
rm -rf "$OLX_STATE/hosts" "$OLX_STATE/outside" "$OLX_STATE/testbed.json" "$OLX_STATE/testbed.env"
: >"$OLX_STATE_LIST"
olx_record "started $(date -Is)"
olx_record "ovs $WITH_OVS"
olx_record "layout $OLX_LAYOUT"
# From here on a failure tears down whatever was recorded.
rc=0
trap 'rc=$?; if ((rc != 0)); then olx_log "bring-up failed (rc=$rc); tearing down"; OLX_LOCK_HELD=1 "$OLX_DIR/down.sh" || true; fi' EXIT

# ---- guest -----------------------------------------------------------------------------------
if ((WITH_GUEST)); then
  "$OLX_DIR/build-guest.sh"
fi

# ---- keys (kept across runs so known_hosts stays valid) --------------------------------------
mkdir -p "$OLX_STATE/ssh"
chmod 700 "$OLX_STATE/ssh"
for t in ed25519 ecdsa; do
  [[ -s $OLX_STATE/ssh/id_$t ]] || ssh-keygen -q -t "$t" -N '' -C "olimpus-testbed-client" -f "$OLX_STATE/ssh/id_$t"
done
cat "$OLX_STATE/ssh/id_ed25519.pub" "$OLX_STATE/ssh/id_ecdsa.pub" >"$OLX_STATE/ssh/authorized_keys"
chmod 600 "$OLX_STATE/ssh/authorized_keys"

# ---- guard route and fabric ------------------------------------------------------------------
olx_record "route guard"
ip route add unreachable "$OLX_GUARD_NET" metric "$OLX_GUARD_METRIC" 2>/dev/null \
  || ip -4 route show | sed 's/ *$//' | grep -qxF "$guard_line" || olx_die "cannot add the guard route"

olx_record "link $OLX_BR_MGMT"
ip link add "$OLX_BR_MGMT" type bridge stp_state 0 forward_delay 0
olx_record "link $OLX_BR_DATA"
ip link add "$OLX_BR_DATA" mtu "$OLX_DATA_MTU" type bridge stp_state 0 forward_delay 0
ip addr add "$OLX_ROOT_MGMT_IP/$OLX_MGMT_PREFIX" dev "$OLX_BR_MGMT"
ip link set "$OLX_BR_MGMT" up
ip link set "$OLX_BR_DATA" up

# ---- namespaces and links --------------------------------------------------------------------
[[ -d $OLX_HOST_VM_DIR ]] || { olx_record "dir $OLX_HOST_VM_DIR"; mkdir -p "$OLX_HOST_VM_DIR"; }
nsx() { ip netns exec "$@"; }
for h in "${OLX_HOSTS[@]}"; do
  ns=$(olx_ns "$h") s=${OLX_SHORT[$h]}
  olx_record "netns $ns"
  ip netns add "$ns"
  nsx "$ns" ip link set lo up
  lm=$(olx_link "$h" m) ld=$(olx_link "$h" d)
  olx_record "link $lm"
  ip link add "$lm" type veth peer name "$OLX_MGMT_IF" netns "$ns"
  olx_record "link $ld"
  ip link add "$ld" mtu "$OLX_DATA_MTU" type veth peer name "$OLX_DATA_IF" netns "$ns"
  ip link set "$lm" master "$OLX_BR_MGMT" up
  ip link set "$ld" master "$OLX_BR_DATA" up
  nsx "$ns" ip link set "$OLX_DATA_IF" mtu "$OLX_DATA_MTU"
  nsx "$ns" ip addr add "${OLX_MGMT_IP[$h]}/$OLX_MGMT_PREFIX" dev "$OLX_MGMT_IF"
  nsx "$ns" ip addr add "${OLX_DATA_IP[$h]}/$OLX_DATA_PREFIX" dev "$OLX_DATA_IF"
  nsx "$ns" ip link set "$OLX_MGMT_IF" up
  nsx "$ns" ip link set "$OLX_DATA_IF" up
  # Hosts forward nothing by default; the headnode is switched to routing below.
  nsx "$ns" sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
done

# The outside world: reachable only over the headnode's uplink.
hn=$(olx_ns headnode)
olx_record "netns $OLX_OUTSIDE_NS"
ip netns add "$OLX_OUTSIDE_NS"
nsx "$OLX_OUTSIDE_NS" ip link set lo up
nsx "$hn" ip link add "$OLX_UPLINK_IF" type veth peer name eth0 netns "$OLX_OUTSIDE_NS"
nsx "$OLX_OUTSIDE_NS" ip addr add "$OLX_OUTSIDE_IP/24" dev eth0
nsx "$OLX_OUTSIDE_NS" ip link set eth0 up
nsx "$OLX_OUTSIDE_NS" sysctl -qw net.ipv4.ip_forward=0
nsx "$hn" ip addr add "$OLX_UPLINK_IP/24" dev "$OLX_UPLINK_IF"
nsx "$hn" ip link set "$OLX_UPLINK_IF" up
nsx "$hn" ip route add default via "$OLX_OUTSIDE_IP" dev "$OLX_UPLINK_IF"
# Headnode baseline: it routes (NAT for slice networks is added per network by the driver),
# but forwards nothing until a rule allows it.
nsx "$hn" sysctl -qw net.ipv4.ip_forward=1
nsx "$hn" iptables -P FORWARD DROP

# A tiny web server in the outside namespace, so guests behind NAT can test TCP as well as ping.
mkdir -p "$OLX_STATE/outside/www"
echo "olimpus-outside" >"$OLX_STATE/outside/www/index.html"
nsx "$OLX_OUTSIDE_NS" busybox httpd -f -p "$OLX_OUTSIDE_IP:80" -h "$OLX_STATE/outside/www" \
  </dev/null >"$OLX_STATE/outside/httpd.log" 2>&1 8>&- &
hpid=$!
olx_record "pid $hpid $(olx_starttime "$hpid" || echo 0) outside-httpd-launcher"
# "ip netns exec" may fork: record the server itself too.
for _ in $(seq 1 40); do
  [[ $(cat "/proc/$hpid/comm" 2>/dev/null) == busybox ]] && break
  c=$(awk '{print $1}' "/proc/$hpid/task/$hpid/children" 2>/dev/null || true)
  [[ -n $c ]] && { hpid=$c; break; }
  sleep 0.05
done
olx_record "pid $hpid $(olx_starttime "$hpid" || echo 0) outside-httpd"

# ---- hosts -----------------------------------------------------------------------------------
for h in "${OLX_HOSTS[@]}"; do
  hd=$OLX_STATE/hosts/$h
  mkdir -p "$hd/log" "$hd/olimpus/vms" "$OLX_STATE/keys/$h"
  for t in ed25519 ecdsa; do
    [[ -s $OLX_STATE/keys/$h/ssh_host_${t}_key ]] \
      || ssh-keygen -q -t "$t" -N '' -C "root@$h" -f "$OLX_STATE/keys/$h/ssh_host_${t}_key"
  done
  cat >"$hd/sshd_config" <<EOF
# sshd of test-bed host $h (generated by up.sh)
ListenAddress ${OLX_MGMT_IP[$h]}
Port 22
HostKey $OLX_STATE/keys/$h/ssh_host_ed25519_key
HostKey $OLX_STATE/keys/$h/ssh_host_ecdsa_key
AuthorizedKeysFile $( [[ $OLX_SSH_USER == root ]] && echo "$OLX_STATE/ssh/authorized_keys" || echo "/run/home/%u/authorized_keys")
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
X11Forwarding no
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
MaxStartups 64:30:128
MaxSessions 64
ClientAliveInterval 30
Subsystem sftp internal-sftp
LogLevel INFO
EOF
  echo starting >"$hd/status"
  nsx "$(olx_ns "$h")" unshare --uts --pid --fork --kill-child --mount-proc --propagation slave \
    "$OLX_DIR/host-init.sh" "$h" "$( ((WITH_OVS)) && olx_has_ovs "$h" && echo 1 || echo 0)" </dev/null >"$hd/log/init.log" 2>&1 8>&- &
  upid=$!
  # Record the unshare process at once, then PID 1 of the host (its child) when it appears.
  sleep 0.02
  olx_record "pid $upid $(olx_starttime "$upid" || echo 0) unshare-$h"
done
# PID 1 of the new pid namespace: the first descendant of the unshare process (ip netns exec
# and unshare may or may not fork on the way) whose innermost pid is 1.
find_pid1() {
  local p=$1 c
  for _ in 1 2 3 4; do
    c=$(awk '{print $1}' "/proc/$p/task/$p/children" 2>/dev/null) || return 1
    [[ -n $c ]] || return 1
    if [[ $(awk '/^NSpid:/{print $NF}' "/proc/$c/status" 2>/dev/null) == 1 ]]; then echo "$c"; return 0; fi
    p=$c
  done
  return 1
}
for h in "${OLX_HOSTS[@]}"; do
  upid=$(awk -v w="unshare-$h" '$1=="pid" && $4==w {print $2}' "$OLX_STATE_LIST" | tail -1)
  pid1=
  for _ in $(seq 1 100); do
    pid1=$(find_pid1 "$upid") && break
    pid1=; sleep 0.05
  done
  [[ -n $pid1 ]] || olx_die "host $h: PID 1 did not appear (see $OLX_STATE/hosts/$h/log/init.log)"
  olx_record "pid $pid1 $(olx_starttime "$pid1") host-$h"
done

# ---- wait for the hosts ----------------------------------------------------------------------
for h in "${OLX_HOSTS[@]}"; do
  st=
  for _ in $(seq 1 300); do
    st=$(cat "$OLX_STATE/hosts/$h/status" 2>/dev/null || true)
    [[ $st == starting ]] || break
    sleep 0.1
  done
  [[ $st == ready ]] || { cat "$OLX_STATE/hosts/$h/log/init.log" >&2 || true; olx_die "host $h did not come up: ${st:-no status}"; }
done

# ---- ssh: known_hosts, config, and one round trip per host -----------------------------------
kh=$OLX_STATE/ssh/known_hosts
: >"$kh.new"
for h in "${OLX_HOSTS[@]}"; do
  for t in ed25519 ecdsa; do
    read -r kt kk _ <"$OLX_STATE/keys/$h/ssh_host_${t}_key.pub"
    echo "$h,${OLX_MGMT_IP[$h]} $kt $kk" >>"$kh.new"
  done
done
mv "$kh.new" "$kh"
{
  for h in "${OLX_HOSTS[@]}"; do
    cat <<EOF
Host $h
  HostName ${OLX_MGMT_IP[$h]}
  User $OLX_SSH_USER
  IdentityFile $OLX_STATE/ssh/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $kh
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
EOF
  done
} >"$OLX_STATE/ssh/config"

declare -A sshpid
for h in "${OLX_HOSTS[@]}"; do
  # shellcheck disable=SC2046
  ssh $(olx_ssh_opts) "$OLX_SSH_USER@${OLX_MGMT_IP[$h]}" 'echo "$(hostname) $(cat /proc/1/comm)"' \
    >"$OLX_STATE/hosts/$h/log/ssh-check.out" 2>&1 &
  sshpid[$h]=$!
done
for h in "${OLX_HOSTS[@]}"; do
  wait "${sshpid[$h]}" || { cat "$OLX_STATE/hosts/$h/log/ssh-check.out" >&2; olx_die "ssh to $h (${OLX_MGMT_IP[$h]}) failed"; }
  read -r got _ <"$OLX_STATE/hosts/$h/log/ssh-check.out"
  [[ $got == "$h" ]] || olx_die "ssh to ${OLX_MGMT_IP[$h]} reached '$got', expected $h"
done

# ---- describe the bed ------------------------------------------------------------------------
G=$OLX_CACHE
jq_str() { printf '"%s"' "$1"; }   # every value written is a bed constant or a checked path
{
  echo "{"
  echo "  \"version\": 1,"
  echo "  \"state_dir\": $(jq_str "$OLX_STATE"),"
  echo "  \"ssh\": {\"user\": $(jq_str "$OLX_SSH_USER"), \"port\": 22, \"private_key\": $(jq_str "$OLX_STATE/ssh/id_ed25519"), \"private_key_ecdsa\": $(jq_str "$OLX_STATE/ssh/id_ecdsa"), \"known_hosts\": $(jq_str "$kh"), \"config\": $(jq_str "$OLX_STATE/ssh/config")},"
  echo "  \"guest\": {\"kernel\": $(jq_str "$G/vmlinux"), \"initrd\": $(jq_str "$G/initrd.gz"), \"kernel_sha256\": $(jq_str "$(cut -d' ' -f1 "$G/vmlinux.sha256" 2>/dev/null)"), \"initrd_sha256\": $(jq_str "$(cut -d' ' -f1 "$G/initrd.gz.sha256" 2>/dev/null)"), \"append\": \"console=ttyS0 quiet no_timer_check\", \"memory_mb\": 128, \"qemu_accel\": $(jq_str "$OLX_QEMU_ACCEL")},"
  echo "  \"networks\": {\"mgmt\": $(jq_str "$OLX_MGMT_NET"), \"data\": $(jq_str "$OLX_DATA_NET"), \"data_mtu\": $OLX_DATA_MTU, \"outside\": $(jq_str "$OLX_OUTSIDE_NET"), \"slice_pool\": $(jq_str "$OLX_SLICE_POOL"), \"root_mgmt_ip\": $(jq_str "$OLX_ROOT_MGMT_IP")},"
  echo "  \"outside\": {\"netns\": $(jq_str "$OLX_OUTSIDE_NS"), \"ip\": $(jq_str "$OLX_OUTSIDE_IP"), \"http\": $(jq_str "http://$OLX_OUTSIDE_IP/")},"
  echo "  \"layout\": $(jq_str "$OLX_LAYOUT"),"
  echo "  \"ovs\": $( ((WITH_OVS)) && echo true || echo false),"
  echo "  \"hosts\": ["
  n=0
  for h in "${OLX_HOSTS[@]}"; do
    n=$((n + 1))
    role=worker; [[ $h == headnode ]] && role=headnode
    extra=""
    [[ $h == headnode ]] && extra=", \"uplink_if\": $(jq_str "$OLX_UPLINK_IF"), \"uplink_ip\": $(jq_str "$OLX_UPLINK_IP")"
    sep=,; ((n == ${#OLX_HOSTS[@]})) && sep=
    echo "    {\"name\": $(jq_str "$h"), \"role\": $(jq_str "$role"), \"netns\": $(jq_str "$(olx_ns "$h")"), \"pid1\": $(olx_host_pid1 "$h"), \"mgmt_ip\": $(jq_str "${OLX_MGMT_IP[$h]}"), \"mgmt_if\": $(jq_str "$OLX_MGMT_IF"), \"data_ip\": $(jq_str "${OLX_DATA_IP[$h]}"), \"data_if\": $(jq_str "$OLX_DATA_IF"), \"ovs\": $( ((WITH_OVS)) && olx_has_ovs "$h" && echo true || echo false), \"state_root\": $(jq_str "$OLX_HOST_VM_DIR"), \"state_dir\": $(jq_str "$OLX_STATE/hosts/$h"), \"vm_dir\": $(jq_str "$OLX_HOST_VM_DIR/vms"), \"vm_dir_from_root\": $(jq_str "$OLX_STATE/hosts/$h/olimpus/vms")$extra}$sep"
  done
  echo "  ]"
  echo "}"
} >"$OLX_STATE/testbed.json.new"
mv "$OLX_STATE/testbed.json.new" "$OLX_STATE/testbed.json"
{
  echo "# Linux cluster test bed (generated by up.sh); source it from shell tests."
  echo "OLX_STATE=$OLX_STATE"
  echo "OLX_SSH_KEY=$OLX_STATE/ssh/id_ed25519"
  echo "OLX_KNOWN_HOSTS=$kh"
  echo "OLX_SSH_CONFIG=$OLX_STATE/ssh/config"
  echo "OLX_KERNEL=$G/vmlinux"
  echo "OLX_INITRD=$G/initrd.gz"
  echo "OLX_OVS=$WITH_OVS"
  echo "OLX_OUTSIDE_IP=$OLX_OUTSIDE_IP"
  for h in "${OLX_HOSTS[@]}"; do
    H=${h^^}
    echo "OLX_${H}_MGMT_IP=${OLX_MGMT_IP[$h]}"
    echo "OLX_${H}_DATA_IP=${OLX_DATA_IP[$h]}"
    echo "OLX_${H}_VM_DIR=$OLX_STATE/hosts/$h/olimpus/vms"
  done
} >"$OLX_STATE/testbed.env"

olx_record complete
trap - EXIT
olx_log "test bed (layout $OLX_LAYOUT) up in $(olx_since "$T0") s ($( ((WITH_OVS)) && echo "with" || echo "without") Open vSwitch): $OLX_STATE/testbed.json"
olx_log "try: ssh -F $OLX_STATE/ssh/config worker1 hostname   or   $OLX_DIR/exec.sh worker1 ip -br addr"
