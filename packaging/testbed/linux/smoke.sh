#!/usr/bin/env bash
# End-to-end proof of the Linux cluster test bed. Brings the bed up, builds the guest, then
#  (a) Linux bridge + kernel VXLAN: network VNI 5001 over worker1..3 and the headnode
#      (dnsmasq with static leases); guest a1 on worker1 pings guest a2 on worker2; the
#      worker3 guests have a second NIC on it (c2 by DHCP, c1 static from the kernel
#      command line) and ping a1/a2 through it;
#  (c) NAT: guest c1 (worker3) on a network the headnode NATs reaches 198.19.0.1 (ping + HTTP)
#      in the outside namespace; guest c2 on a network without NAT cannot, even with a default
#      route; c1 cannot reach the management or data networks;
#  (b) Open vSwitch userspace datapath: br-int (VLAN-tagged taps) + br-tun (VXLAN, flows
#      VLAN<->VNI 5002) + br-phy (eth1) on worker1, worker2 and the headnode; b1 pings b2.
# Every host step goes over SSH, as the Java driver will. Prints timings; exits non-zero on
# any failure; always tears down the bed it started (unless --keep).
#
#   smoke.sh [--keep]      --keep leaves the bed up afterwards for inspection (down.sh ends it)
set -euo pipefail
OLX_ME=smoke
. "$(dirname "$0")/lib.sh"
. "$OLX_DIR/recipes.sh"
olx_require_root

KEEP=0
for a in "$@"; do
  case $a in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) olx_die "unknown argument '$a' (try --help)" ;;
  esac
done

LOGDIR=$OLX_STATE/smoke-logs   # kept after the run (down.sh keeps it; --purge removes it)
rm -rf "$LOGDIR"; mkdir -p "$LOGDIR"
T_ALL=$(olx_now)
timings=()
note_time() { timings+=("$(printf '%-44s %7s s' "$1" "$2")"); }
started=0
failed_step=
S=$(mktemp -d /tmp/olx-smoke.XXXXXX)   # per-host scripts of this run

finish() {
  local rc=$?
  set +e
  rm -rf "$S"
  if ((rc != 0)); then
    olx_log "FAILED${failed_step:+ in: $failed_step} (rc=$rc); logs in $LOGDIR"
    for f in "$OLX_STATE"/hosts/*/olimpus/vms/*/serial.log; do
      [[ -f $f ]] || continue
      echo "---- tail of $f"; tail -n 8 "$f" | tr -d '\r'
    done >&2
  fi
  if ((started)); then
    if ((KEEP)); then
      olx_log "--keep: bed left up; end it with $OLX_DIR/down.sh"
    else
      local t; t=$(olx_now)
      "$OLX_DIR/down.sh" >"$LOGDIR/down.log" 2>&1 || { cat "$LOGDIR/down.log" >&2; rc=1; }
      note_time "teardown (down.sh)" "$(olx_since "$t")"
    fi
  fi
  note_time "total" "$(olx_since "$T_ALL")"
  echo "==== timings"
  printf '%s\n' "${timings[@]}"
  if ((rc == 0)); then echo "==== SMOKE PASSED"; else echo "==== SMOKE FAILED"; fi
  exit "$rc"
}
trap finish EXIT

step() { failed_step=$*; olx_log "---- $*"; }
ok() { olx_log "ok: $*"; }
fail() { olx_die "$*"; }

SSHCFG=$OLX_STATE/ssh/config
# on HOST LABEL < script : run a script on a host over SSH, log kept per step and host
on() {
  local h=$1 label=$2
  if ! ssh -F "$SSHCFG" "$h" bash -s >"$LOGDIR/$label.$h.log" 2>&1; then
    echo "---- $label on $h failed:" >&2; cat "$LOGDIR/$label.$h.log" >&2; return 1
  fi
}
# par LABEL HOST FILE [HOST FILE]... : run per-host scripts in parallel
par() {
  local label=$1 pids=() hosts=() h f i rc=0; shift
  while (($#)); do
    h=$1 f=$2; shift 2
    on "$h" "$label" <"$f" &
    pids+=($!); hosts+=("$h")
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || { olx_log "$label failed on ${hosts[$i]}"; rc=1; }; done
  return $rc
}
# What the hosts say (read back over SSH, not from files).
ask() { ssh -F "$SSHCFG" "$1" "$2"; }

# ---- bring-up ------------------------------------------------------------------------------
step "preflight"
"$OLX_DIR/install-deps.sh" >"$LOGDIR/install-deps.log" 2>&1 || { cat "$LOGDIR/install-deps.log" >&2; fail "install-deps.sh failed"; }
if [[ -f $OLX_STATE_LIST ]] && grep -qx complete "$OLX_STATE_LIST"; then
  fail "a test bed is already up ($OLX_STATE); smoke.sh needs its own: run down.sh first"
fi

step "build guest"
t=$(olx_now)
"$OLX_DIR/build-guest.sh" 2>&1 | tee "$LOGDIR/build-guest.log" >&2
note_time "guest build (cached if nothing changed)" "$(olx_since "$t")"

step "bring the bed up"
started=1
t=$(olx_now)
"$OLX_DIR/up.sh" --no-guest 2>&1 | tee "$LOGDIR/up.log" >&2
note_time "bring-up (up.sh: 4 hosts, sshd, OVS)" "$(olx_since "$t")"
[[ -f $OLX_STATE/testbed.json ]] || fail "no testbed.json"
for h in "${OLX_HOSTS[@]}"; do
  [[ $(ask "$h" hostname) == "$h" ]] || fail "ssh $h does not land on $h"
done
ok "ssh reaches all four hosts"

# ---- the guests of this test ---------------------------------------------------------------
declare -A VM_HOST VM_MAC VM_IP VM_TAP VM_T0 VM_READY VM_MAC1 VM_IP1 VM_TAP1
def_vm() { VM_HOST[$1]=$2 VM_MAC[$1]=$3 VM_IP[$1]=$4 VM_TAP[$1]=t$1e0; }
def_nic1() { VM_MAC1[$1]=$2 VM_IP1[$1]=$3 VM_TAP1[$1]=t$1e1; }   # second NIC, on VNI 5001
def_vm a1 worker1 52:54:00:18:80:11 198.18.128.11
def_vm a2 worker2 52:54:00:18:80:12 198.18.128.12
def_vm c1 worker3 52:54:00:18:82:11 198.18.130.11
def_vm c2 worker3 52:54:00:18:83:11 198.18.131.11
def_vm b1 worker1 52:54:00:18:81:11 198.18.129.11
def_vm b2 worker2 52:54:00:18:81:12 198.18.129.12
def_nic1 c1 52:54:00:18:80:31 198.18.128.31   # static (olimpus.net.eth1=...)
def_nic1 c2 52:54:00:18:80:21 198.18.128.21   # DHCP
HN=${OLX_DATA_IP[headnode]} W1=${OLX_DATA_IP[worker1]} W2=${OLX_DATA_IP[worker2]} W3=${OLX_DATA_IP[worker3]}
vmdir() { echo "$OLX_STATE/hosts/${VM_HOST[$1]}/olimpus/vms/$1"; }
gexec() { "$OLX_DIR/guest-exec.sh" -t "${3:-30}" "$(vmdir "$1")/serial.sock" "$2"; }

# wait_ready VM... : waits for each guest's OLIMPUS-READY line and checks its address
wait_ready() {
  local vm pending=("$@") left line deadline=$((SECONDS + 120))
  while ((${#pending[@]})); do
    left=()
    for vm in "${pending[@]}"; do
      line=$(tr -d '\r' <"$(vmdir "$vm")/serial.log" 2>/dev/null | grep -m1 '^OLIMPUS-READY' || true)
      if [[ -n $line ]]; then
        VM_READY[$vm]=$(olx_since "${VM_T0[$vm]}")
        olx_log "$vm: $line (${VM_READY[$vm]} s after launch)"
        [[ " $line " == *" eth0=${VM_IP[$vm]}/24 "* ]] || fail "$vm got '$line', expected eth0=${VM_IP[$vm]}/24 from DHCP"
        if [[ -n ${VM_IP1[$vm]:-} ]]; then
          [[ " $line " == *" eth1=${VM_IP1[$vm]}/24 "* ]] || fail "$vm got '$line', expected eth1=${VM_IP1[$vm]}/24"
        fi
        note_time "boot to READY+DHCP: $vm on ${VM_HOST[$vm]}" "${VM_READY[$vm]}"
      else
        left+=("$vm")
      fi
    done
    pending=("${left[@]}")
    ((${#pending[@]} == 0)) && break
    ((SECONDS < deadline)) || fail "guests not ready after 120 s: ${pending[*]}"
    sleep 0.1
  done
}
launched() { local vm; for vm; do VM_T0[$vm]=$(olx_now); done; }


# =============================================================================================
step "(a)+(c) Linux bridge + VXLAN networks, DHCP, NAT: configure hosts and launch 4 guests"
t=$(olx_now)
{
  recipe_lb_net_up 5001 "$HN" "$W1" "$W2" "$W3"
  recipe_dhcp_up n5001 brq5001 198.18.128.2/24 none "${VM_MAC[a1]},${VM_IP[a1]},a1" "${VM_MAC[a2]},${VM_IP[a2]},a2" \
    "${VM_MAC1[c2]},${VM_IP1[c2]},c2"
  recipe_guard_up brq5001 198.18.128.2
  recipe_lb_net_up 5003 "$HN" "$W3"
  recipe_dhcp_up n5003 brq5003 198.18.130.1/24 198.18.130.1 "${VM_MAC[c1]},${VM_IP[c1]},c1"
  recipe_guard_up brq5003 198.18.130.1
  recipe_nat_up brq5003 198.18.130.0/24
  recipe_lb_net_up 5004 "$HN" "$W3"
  recipe_dhcp_up n5004 brq5004 198.18.131.1/24 none "${VM_MAC[c2]},${VM_IP[c2]},c2"
  recipe_guard_up brq5004 198.18.131.1
} >"$S/hn1"
{
  recipe_lb_net_up 5001 "$W1" "$W2" "$W3" "$HN"
  recipe_lb_port_up "${VM_TAP[a1]}" 5001
  recipe_vm_up a1 128 "" "${VM_TAP[a1]},${VM_MAC[a1]}"
} >"$S/w1a"
{
  recipe_lb_net_up 5001 "$W2" "$W1" "$W3" "$HN"
  recipe_lb_port_up "${VM_TAP[a2]}" 5001
  recipe_vm_up a2 128 "" "${VM_TAP[a2]},${VM_MAC[a2]}"
} >"$S/w2a"
{
  recipe_lb_net_up 5003 "$W3" "$HN"
  recipe_lb_net_up 5004 "$W3" "$HN"
  recipe_lb_net_up 5001 "$W3" "$W1" "$W2" "$HN"
  recipe_lb_port_up "${VM_TAP[c1]}" 5003
  recipe_lb_port_up "${VM_TAP1[c1]}" 5001
  recipe_lb_port_up "${VM_TAP[c2]}" 5004
  recipe_lb_port_up "${VM_TAP1[c2]}" 5001
  recipe_vm_up c1 128 "olimpus.net.eth1=${VM_IP1[c1]}/24" "${VM_TAP[c1]},${VM_MAC[c1]}" "${VM_TAP1[c1]},${VM_MAC1[c1]}"
  recipe_vm_up c2 128 "" "${VM_TAP[c2]},${VM_MAC[c2]}" "${VM_TAP1[c2]},${VM_MAC1[c2]}"
} >"$S/w3c"
par config-lb headnode "$S/hn1" worker1 "$S/w1a" worker2 "$S/w2a" worker3 "$S/w3c"
launched a1 a2 c1 c2
note_time "LB/VXLAN/DHCP/NAT config + 4 QEMU launches" "$(olx_since "$t")"

step "(a)+(c) wait for the guests"
wait_ready a1 a2 c1 c2
ok "a1, a2, c1, c2 booted and got their static DHCP leases"

step "(a) a1 (worker1) pings a2 (worker2) over VXLAN 5001"
t=$(olx_now)
out=$(gexec a1 "ping -c 3 -w 15 ${VM_IP[a2]}") || { echo "$out" >&2; fail "a1 cannot ping a2"; }
echo "$out" | sed 's/^/    a1> /' >&2
note_time "(a) a1 -> a2 ping (3 packets)" "$(olx_since "$t")"
fdb=$(ask worker1 "bridge fdb show dev vx5001")
grep -q "^${VM_MAC[a2]} dst $W2 " <<<"$fdb" || { echo "$fdb" >&2; fail "worker1 did not learn a2's MAC behind VXLAN peer $W2"; }
ok "worker1 learned a2 (${VM_MAC[a2]}) behind VXLAN 5001 peer $W2: traffic crossed the data network"

step "(a) second NICs: c2 (eth1 by DHCP) pings a1, c1 (eth1 static) pings a2, from worker3"
out=$(gexec c2 "ping -c 2 -w 10 ${VM_IP[a1]}") || { echo "$out" >&2; fail "c2 cannot ping a1 through its second NIC"; }
out=$(gexec c1 "ping -c 2 -w 10 ${VM_IP[a2]}") || { echo "$out" >&2; fail "c1 cannot ping a2 through its second NIC"; }
ok "two-NIC guests reach VNI 5001 on worker1/worker2 from worker3"

step "(c) c1 on the NATed network reaches the outside"
# (Debian's busybox-static wget segfaults, so HTTP is spoken through nc.)
HTTP_GET="printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 $OLX_OUTSIDE_IP 80"
out=$(gexec c1 "ping -c 2 -w 10 $OLX_OUTSIDE_IP && $HTTP_GET") || { echo "$out" >&2; fail "c1 cannot reach $OLX_OUTSIDE_IP through NAT"; }
echo "$out" | sed 's/^/    c1> /' >&2
grep -q '^olimpus-outside' <<<"$out" || fail "c1 did not get the outside web page"
ask headnode "iptables -t nat -L POSTROUTING -v -n" | grep -q MASQUERADE || fail "no MASQUERADE rule on the headnode"
[[ -z $(ip netns exec "$OLX_OUTSIDE_NS" ip route show to match 198.18.130.11) ]] || fail "outside has a route to the slice network (NAT not proven)"
ok "c1 reached $OLX_OUTSIDE_IP (ping + HTTP); outside has no route back, so this went through NAT"

step "(c) c2 on the network without NAT cannot reach the outside (even with a default route)"
out=$(gexec c2 "ip route add default via 198.18.131.1; ping -c 2 -w 4 $OLX_OUTSIDE_IP; echo ping_rc=\$?; $HTTP_GET | grep -q olimpus-outside; echo http_rc=\$?" 40) || true
echo "$out" | sed 's/^/    c2> /' >&2
grep -q '^ping_rc=0$' <<<"$out" && fail "c2 reached $OLX_OUTSIDE_IP without NAT"
grep -q '^http_rc=0$' <<<"$out" && fail "c2 fetched the outside web page without NAT"
grep -q '^ping_rc=[1-9]' <<<"$out" && grep -q '^http_rc=[1-9]' <<<"$out" || fail "c2 check did not run"
ok "c2 cannot reach $OLX_OUTSIDE_IP"

step "(c) c1 cannot reach the management or data networks (but can ping its gateway)"
out=$(gexec c1 "ping -c 1 -w 3 198.18.130.1 >/dev/null && echo gateway-ok
for ip in $OLX_ROOT_MGMT_IP ${OLX_MGMT_IP[headnode]} ${OLX_MGMT_IP[worker1]} ${OLX_MGMT_IP[worker3]} ${OLX_DATA_IP[headnode]} ${OLX_DATA_IP[worker3]}; do
  (if ping -c 1 -w 2 \$ip >/dev/null 2>&1; then echo REACHED \$ip; else echo blocked \$ip; fi) &
done; wait" 40) || true
echo "$out" | sed 's/^/    c1> /' >&2
grep -qx gateway-ok <<<"$out" || fail "c1 cannot even ping its gateway (the isolation test proves nothing)"
grep -q '^REACHED' <<<"$out" && fail "c1 reached the management/data network"
[[ $(grep -c '^blocked' <<<"$out") == 6 ]] || fail "isolation check incomplete"
ok "mgmt ($OLX_MGMT_NET) and data ($OLX_DATA_NET) addresses are unreachable from a guest"

step "(a)+(c) tear down guests, DHCP, NAT and networks"
t=$(olx_now)
for vm in a1 a2 c1 c2; do
  { recipe_vm_down "$vm"; recipe_tap_down "${VM_TAP[$vm]}"; [[ -z ${VM_TAP1[$vm]:-} ]] || recipe_tap_down "${VM_TAP1[$vm]}"; } >>"$S/down-${VM_HOST[$vm]}"
done
recipe_lb_net_down 5001 >>"$S/down-worker1"
recipe_lb_net_down 5001 >>"$S/down-worker2"
{ recipe_lb_net_down 5001; recipe_lb_net_down 5003; recipe_lb_net_down 5004; } >>"$S/down-worker3"
{
  recipe_nat_down brq5003 198.18.130.0/24
  for x in "n5001 brq5001 198.18.128.2" "n5003 brq5003 198.18.130.1" "n5004 brq5004 198.18.131.1"; do
    set -- $x
    recipe_dhcp_down "$1" "$2" "$3/24"; recipe_guard_down "$2" "$3"
  done
  recipe_lb_net_down 5001; recipe_lb_net_down 5003; recipe_lb_net_down 5004
} >"$S/down-headnode"
par teardown-lb headnode "$S/down-headnode" worker1 "$S/down-worker1" worker2 "$S/down-worker2" worker3 "$S/down-worker3"
note_time "(a)+(c) teardown of guests and networks" "$(olx_since "$t")"
for h in "${OLX_HOSTS[@]}"; do
  leftover=$(ask "$h" "ip -br link | grep -E '^(brq|vx|t[abc][0-9])' || true; pgrep -a qemu || true; pgrep -a dnsmasq || true")
  [[ -z $leftover ]] || fail "leftovers on $h: $leftover"
done
[[ -z $(ask headnode "iptables -S | grep brq; iptables -t nat -S | grep MASQ" || true) ]] || fail "iptables rules left on the headnode"
ok "no bridge, vxlan, tap, qemu, dnsmasq or iptables rule left on any host"

# =============================================================================================
step "(b) Open vSwitch userspace datapath: configure hosts and launch 2 guests"
grep -q '"ovs": true' "$OLX_STATE/testbed.json" || fail "the bed runs without OVS"
t=$(olx_now)
ovs_host() {   # ovs_host SELF_IP PEER_NAME PEER_IP [PEER_NAME PEER_IP]
  local self=$1 ports=(); shift
  recipe_ovs_base_up "$self"
  while (($#)); do recipe_ovs_tunnel_up "$1" "$2" "$self"; ports+=("vx-$1"); shift 2; done
  recipe_ovs_net_up 5002 102 "${ports[@]}"
}
{
  ovs_host "$HN" w1 "$W1" w2 "$W2"
  recipe_ovs_internal_port_up dhcp5002 102
  recipe_dhcp_up n5002 dhcp5002 198.18.129.2/24 none "${VM_MAC[b1]},${VM_IP[b1]},b1" "${VM_MAC[b2]},${VM_IP[b2]},b2"
  recipe_guard_up dhcp5002 198.18.129.2
} >"$S/hn2"
{
  ovs_host "$W1" hn "$HN" w2 "$W2"
  recipe_ovs_port_up "${VM_TAP[b1]}" 102
  recipe_vm_up b1 128 "" "${VM_TAP[b1]},${VM_MAC[b1]}"
} >"$S/w1b"
{
  ovs_host "$W2" hn "$HN" w1 "$W1"
  recipe_ovs_port_up "${VM_TAP[b2]}" 102
  recipe_vm_up b2 128 "" "${VM_TAP[b2]},${VM_MAC[b2]}"
} >"$S/w2b"
par config-ovs headnode "$S/hn2" worker1 "$S/w1b" worker2 "$S/w2b"
launched b1 b2
note_time "OVS config + 2 QEMU launches" "$(olx_since "$t")"

step "(b) wait for the guests"
wait_ready b1 b2
ok "b1, b2 booted and got their DHCP leases through OVS tunnels"

step "(b) b1 (worker1) pings b2 (worker2) over OVS VXLAN 5002"
t=$(olx_now)
out=$(gexec b1 "ping -c 3 -w 15 ${VM_IP[b2]}") || { echo "$out" >&2; fail "b1 cannot ping b2"; }
echo "$out" | sed 's/^/    b1> /' >&2
note_time "(b) b1 -> b2 ping (3 packets)" "$(olx_since "$t")"
flows=$(ask worker1 "ovs-ofctl dump-flows br-tun table=2")
n=$(grep -o 'n_packets=[0-9]*' <<<"$flows" | cut -d= -f2 | awk '{s+=$1} END{print s+0}')
((n > 0)) || { echo "$flows" >&2; fail "no packet came in through br-tun on worker1"; }
ask worker1 "ovs-appctl fdb/show br-int" | grep -qi "${VM_MAC[b2]}" || fail "br-int on worker1 did not learn b2"
ok "worker1's br-tun decapsulated $n packets of VNI 5002; br-int learned b2"

step "(b) b1's VNC console answers through an SSH-forwarded unix socket"
ssh -F "$SSHCFG" -N -o ExitOnForwardFailure=yes -L "$S/vnc.sock:$OLX_HOST_VM_DIR/vms/b1/vnc.sock" worker1 &
fwd=$!
banner=
for _ in $(seq 1 50); do
  banner=$(timeout 2 socat -u "UNIX-CONNECT:$S/vnc.sock" - 2>/dev/null | head -c 12 || true)
  [[ $banner == RFB* ]] && break
  sleep 0.1
done
kill "$fwd" 2>/dev/null || true; wait "$fwd" 2>/dev/null || true
[[ $banner == RFB* ]] || fail "no RFB banner from b1's VNC socket through ssh -L"
ok "VNC answered '${banner%$'\n'}' through ssh -L LOCAL.sock:$OLX_HOST_VM_DIR/vms/b1/vnc.sock worker1"

step "(b) tear down guests, DHCP and OVS bridges"
t=$(olx_now)
{
  recipe_dhcp_down n5002 dhcp5002 198.18.129.2/24; recipe_guard_down dhcp5002 198.18.129.2
  recipe_ovs_port_down dhcp5002; recipe_ovs_net_down 5002 102; recipe_ovs_base_down "$HN"
} >"$S/down2-headnode"
{ recipe_vm_down b1; recipe_ovs_port_down "${VM_TAP[b1]}"; recipe_ovs_net_down 5002 102; recipe_ovs_base_down "$W1"; } >"$S/down2-worker1"
{ recipe_vm_down b2; recipe_ovs_port_down "${VM_TAP[b2]}"; recipe_ovs_net_down 5002 102; recipe_ovs_base_down "$W2"; } >"$S/down2-worker2"
par teardown-ovs headnode "$S/down2-headnode" worker1 "$S/down2-worker1" worker2 "$S/down2-worker2"
note_time "(b) teardown of guests and OVS bridges" "$(olx_since "$t")"
for h in headnode worker1 worker2; do
  [[ -z $(ask "$h" "ovs-vsctl list-br; pgrep -a qemu || true") ]] || fail "OVS bridges or QEMU left on $h"
done
ask worker1 "ping -c 1 -w 3 $HN >/dev/null && ping -c 1 -w 3 $W2 >/dev/null" || fail "data network broken after giving eth1 back"
ok "OVS bridges removed and eth1 addresses restored (worker1 pings $HN and $W2)"

failed_step=
olx_log "all checks passed"
