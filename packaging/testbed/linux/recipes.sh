# Per-host command recipes of the Linux cluster data planes, as the Java driver issues them over
# SSH. Each recipe_* function validates its arguments and PRINTS a bash script; smoke.sh pipes
# it to "ssh HOST bash -s". Every script is idempotent (safe to repeat) and starts with
# "set -euo pipefail". Sourced after lib.sh.
#
# Names: bridge brq<VNI>, kernel VXLAN vx<VNI>, OVS bridges br-phy/br-int/br-tun, OVS tunnel
# port vx-<peer>, DHCP state /var/lib/olimpus/dhcp/<id>.*, VM folder /var/lib/olimpus/vms/<vm>.

# ---- validation ------------------------------------------------------------------------------
rx_ip='^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$'
v_ip()   { [[ $1 =~ $rx_ip ]] || olx_die "bad IPv4 address '$1'"; }
v_cidr() { [[ ${1%/*} =~ $rx_ip && $1 =~ /([0-9]|[12][0-9]|3[0-2])$ ]] || olx_die "bad CIDR '$1'"; }
v_vni()  { [[ $1 =~ ^[0-9]{1,8}$ ]] && (($1 >= 1 && $1 <= 16777215)) || olx_die "bad VNI '$1'"; }
v_vlan() { [[ $1 =~ ^[0-9]{1,4}$ ]] && (($1 >= 1 && $1 <= 4094)) || olx_die "bad VLAN '$1'"; }
v_mac()  { [[ $1 =~ ^[0-9a-f]{2}(:[0-9a-f]{2}){5}$ ]] || olx_die "bad MAC '$1' (lower-case aa:bb:..)"; }
v_name() { [[ $1 =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] || olx_die "bad name '$1'"; }
v_ifname() { [[ $1 =~ ^[a-z0-9][a-z0-9-]{0,14}$ ]] || olx_die "bad interface name '$1' (max 15 chars)"; }
v_num()  { [[ $1 =~ ^[0-9]{1,6}$ ]] || olx_die "bad number '$1'"; }
# Kernel command-line words for the guest: olimpus.* settings only.
v_append() { local w; for w in $1; do [[ $w =~ ^(olimpus\.[a-z0-9_.]+=[A-Za-z0-9./:-]+|console=ttyS0|quiet)$ ]] || olx_die "bad append word '$w'"; done; }

# ---- Linux bridge + kernel VXLAN -------------------------------------------------------------
# recipe_lb_net_up VNI LOCAL_DATA_IP PEER_DATA_IP...
recipe_lb_net_up() {
  local vni=$1 local_ip=$2 p; shift 2
  v_vni "$vni"; v_ip "$local_ip"; for p; do v_ip "$p"; done
  cat <<EOF
set -euo pipefail
ip link show brq$vni >/dev/null 2>&1 || ip link add brq$vni type bridge stp_state 0 forward_delay 0
ip link show vx$vni >/dev/null 2>&1 || ip link add vx$vni type vxlan id $vni local $local_ip dev $OLX_DATA_IF dstport 4789
ip link set vx$vni master brq$vni
ip link set vx$vni up
ip link set brq$vni up
EOF
  for p; do
    echo "bridge fdb show dev vx$vni | grep -q '^00:00:00:00:00:00 dst $p ' || bridge fdb append 00:00:00:00:00:00 dev vx$vni dst $p"
  done
}
# recipe_lb_net_down VNI
recipe_lb_net_down() {
  v_vni "$1"
  cat <<EOF
set -euo pipefail
! ip link show vx$1 >/dev/null 2>&1 || ip link del vx$1
! ip link show brq$1 >/dev/null 2>&1 || ip link del brq$1
EOF
}
# recipe_lb_port_up TAP VNI   (a VM's NIC on a Linux-bridge network)
recipe_lb_port_up() {
  v_ifname "$1"; v_vni "$2"
  cat <<EOF
set -euo pipefail
ip link show $1 >/dev/null 2>&1 || ip tuntap add dev $1 mode tap
ip link set $1 master brq$2
ip link set $1 up
EOF
}

# ---- Open vSwitch, userspace (netdev) datapath -----------------------------------------------
# recipe_ovs_base_up LOCAL_DATA_IP   br-phy takes eth1 and its address (userspace tunnels need
# the underlay address on an OVS bridge), br-int for VM ports, br-tun for tunnels.
recipe_ovs_base_up() {
  v_ip "$1"
  cat <<EOF
set -euo pipefail
ovs-vsctl --may-exist add-br br-phy -- set bridge br-phy datapath_type=netdev -- set interface br-phy mtu_request=$OLX_DATA_MTU
ovs-vsctl --may-exist add-port br-phy $OLX_DATA_IF
ip addr del $1/$OLX_DATA_PREFIX dev $OLX_DATA_IF 2>/dev/null || true
ip addr show dev br-phy | grep -q " $1/" || ip addr add $1/$OLX_DATA_PREFIX dev br-phy
ip link set br-phy up
# The kernel must not answer ARP for br-phy's address on eth1 (eth1 now belongs to OVS).
sysctl -qw net.ipv4.conf.$OLX_DATA_IF.arp_ignore=1
ovs-vsctl --may-exist add-br br-int -- set bridge br-int datapath_type=netdev
ovs-vsctl --may-exist add-br br-tun -- set bridge br-tun datapath_type=netdev -- set-fail-mode br-tun secure
ovs-vsctl --may-exist add-port br-int patch-tun -- set interface patch-tun type=patch options:peer=patch-int
ovs-vsctl --may-exist add-port br-tun patch-int -- set interface patch-int type=patch options:peer=patch-tun
ovs-ofctl add-flow br-tun "table=0,priority=1,in_port=patch-int,actions=resubmit(,1)"
ovs-ofctl add-flow br-tun "table=0,priority=0,actions=drop"
EOF
}
# recipe_ovs_tunnel_up PEER_NAME PEER_DATA_IP LOCAL_DATA_IP   one VXLAN port per peer host
recipe_ovs_tunnel_up() {
  v_name "$1"; v_ip "$2"; v_ip "$3"
  local port="vx-$1"; v_ifname "$port"
  cat <<EOF
set -euo pipefail
ovs-vsctl --may-exist add-port br-tun $port -- set interface $port type=vxlan options:remote_ip=$2 options:local_ip=$3 options:key=flow options:dst_port=4789
ovs-ofctl add-flow br-tun "table=0,priority=1,in_port=$port,actions=resubmit(,2)"
EOF
}
# recipe_ovs_net_up VNI VLAN TUNNEL_PORT...   VLAN (local to the host) <-> VNI (on the wire);
# traffic from br-int floods to every tunnel of the network, traffic from a tunnel goes only to
# br-int (split horizon: no loops in the full mesh).
recipe_ovs_net_up() {
  local vni=$1 vlan=$2 p outs=""; shift 2
  v_vni "$vni"; v_vlan "$vlan"
  for p; do v_ifname "$p"; outs+=",output:$p"; done
  cat <<EOF
set -euo pipefail
ovs-ofctl add-flow br-tun "table=1,priority=1,dl_vlan=$vlan,actions=strip_vlan,set_tunnel:$vni$outs"
ovs-ofctl add-flow br-tun "table=2,priority=1,tun_id=$vni,actions=mod_vlan_vid:$vlan,output:patch-int"
EOF
}
# recipe_ovs_net_down VNI VLAN
recipe_ovs_net_down() {
  v_vni "$1"; v_vlan "$2"
  cat <<EOF
set -euo pipefail
ovs-ofctl del-flows --strict br-tun "table=1,priority=1,dl_vlan=$2"
ovs-ofctl del-flows --strict br-tun "table=2,priority=1,tun_id=$1"
EOF
}
# recipe_ovs_port_up TAP VLAN   (a VM's NIC on an OVS network)
recipe_ovs_port_up() {
  v_ifname "$1"; v_vlan "$2"
  cat <<EOF
set -euo pipefail
ip link show $1 >/dev/null 2>&1 || ip tuntap add dev $1 mode tap
ip link set $1 up
ovs-vsctl --may-exist add-port br-int $1 tag=$2
EOF
}
# recipe_ovs_internal_port_up NAME VLAN   (the headnode's leg on an OVS network, e.g. for DHCP)
recipe_ovs_internal_port_up() {
  v_ifname "$1"; v_vlan "$2"
  cat <<EOF
set -euo pipefail
ovs-vsctl --may-exist add-port br-int $1 tag=$2 -- set interface $1 type=internal
ip link set $1 up
EOF
}
# recipe_ovs_port_down PORT
recipe_ovs_port_down() {
  v_ifname "$1"
  cat <<EOF
set -euo pipefail
ovs-vsctl --if-exists del-port br-int $1
! ip link show $1 >/dev/null 2>&1 || ip link del $1
EOF
}
# recipe_ovs_base_down LOCAL_DATA_IP   gives eth1 its address back
recipe_ovs_base_down() {
  v_ip "$1"
  cat <<EOF
set -euo pipefail
ovs-vsctl --if-exists del-br br-tun -- --if-exists del-br br-int -- --if-exists del-br br-phy
ip addr show dev $OLX_DATA_IF | grep -q " $1/" || ip addr add $1/$OLX_DATA_PREFIX dev $OLX_DATA_IF
sysctl -qw net.ipv4.conf.$OLX_DATA_IF.arp_ignore=0
EOF
}

# ---- DHCP on the headnode (one dnsmasq per network) ------------------------------------------
# recipe_dhcp_up ID IFACE SERVER_CIDR ROUTER|none HOST...   HOST = MAC,IP,NAME
# SERVER_CIDR is the headnode's address on the network (also the gateway when ROUTER is it).
recipe_dhcp_up() {
  local id=$1 ifc=$2 srv=$3 router=$4 h mac ip name hosts="" net mask; shift 4
  v_name "$id"; v_ifname "$ifc"; v_cidr "$srv"
  [[ $router == none ]] || v_ip "$router"
  for h; do
    IFS=, read -r mac ip name <<<"$h"; v_mac "$mac"; v_ip "$ip"; v_name "$name"
    hosts+=" --dhcp-host=$mac,$ip,$name,infinite"
  done
  # network address and netmask of SERVER_CIDR
  read -r net mask < <(awk -v c="$srv" 'BEGIN{split(c,a,"/"); split(a[1],o,"."); p=a[2];
    ip=((o[1]*256+o[2])*256+o[3])*256+o[4]; m=(p==0)?0:(2^32-2^(32-p)); n=ip-(ip%(2^(32-p)));
    printf "%d.%d.%d.%d %d.%d.%d.%d\n", int(n/16777216)%256, int(n/65536)%256, int(n/256)%256, n%256,
      int(m/16777216)%256, int(m/65536)%256, int(m/256)%256, m%256}')
  local ropt="--dhcp-option=option:router"      # empty router option: no default route
  [[ $router == none ]] || ropt+=",$router"
  cat <<EOF
set -euo pipefail
ip addr show dev $ifc | grep -q " $srv " || ip addr add $srv dev $ifc
mkdir -p /var/lib/olimpus/dhcp
pf=/run/olimpus-dnsmasq-$id.pid
if [ -s \$pf ] && kill -0 "\$(cat \$pf)" 2>/dev/null; then kill "\$(cat \$pf)"; sleep 0.2; fi
dnsmasq --conf-file=/dev/null --port=0 --user=root --group=root \\
  --interface=$ifc --except-interface=lo --bind-interfaces \\
  --dhcp-range=set:$id,$net,static,$mask,infinite $ropt \\
 $hosts \\
  --dhcp-leasefile=/var/lib/olimpus/dhcp/$id.leases --pid-file=\$pf \\
  --log-dhcp --log-facility=/var/lib/olimpus/dhcp/$id.log
EOF
}
# recipe_dhcp_down ID IFACE SERVER_CIDR
recipe_dhcp_down() {
  v_name "$1"; v_ifname "$2"; v_cidr "$3"
  cat <<EOF
set -euo pipefail
pf=/run/olimpus-dnsmasq-$1.pid
if [ -s \$pf ] && kill -0 "\$(cat \$pf)" 2>/dev/null; then kill "\$(cat \$pf)"; fi
rm -f \$pf /var/lib/olimpus/dhcp/$1.leases
! ip link show $2 >/dev/null 2>&1 || ip addr del $3 dev $2 2>/dev/null || true
EOF
}

# ---- headnode: keep slice networks off the headnode itself, NAT where asked ------------------
# recipe_guard_up IFACE GATEWAY_IP   guests may talk to the headnode only for DHCP and to ping
# their gateway; everything else addressed to the headnode (its mgmt/data IPs) is dropped.
# Forwarding is already DROP by default (up.sh), so without NAT rules nothing leaves.
recipe_guard_up() {
  v_ifname "$1"; v_ip "$2"
  cat <<EOF
set -euo pipefail
a() { iptables -C "\$@" 2>/dev/null || iptables -A "\$@"; }
a INPUT -i $1 -p udp --dport 67 -j ACCEPT
a INPUT -i $1 -d $2 -p icmp -j ACCEPT
a INPUT -i $1 -j DROP
EOF
}
recipe_guard_down() {
  v_ifname "$1"; v_ip "$2"
  cat <<EOF
set -euo pipefail
d() { while iptables -C "\$@" 2>/dev/null; do iptables -D "\$@"; done; }
d INPUT -i $1 -p udp --dport 67 -j ACCEPT
d INPUT -i $1 -d $2 -p icmp -j ACCEPT
d INPUT -i $1 -j DROP
EOF
}
# recipe_nat_up IFACE CIDR   guests of CIDR on IFACE reach the outside through the uplink
recipe_nat_up() {
  v_ifname "$1"; v_cidr "$2"
  cat <<EOF
set -euo pipefail
a() { iptables "\${@:1:2}" -C "\${@:3}" 2>/dev/null || iptables "\${@:1:2}" -A "\${@:3}"; }
a -t nat POSTROUTING -s $2 -o $OLX_UPLINK_IF -j MASQUERADE
a -t filter FORWARD -i $1 -o $OLX_UPLINK_IF -s $2 -j ACCEPT
a -t filter FORWARD -i $OLX_UPLINK_IF -o $1 -d $2 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
EOF
}
recipe_nat_down() {
  v_ifname "$1"; v_cidr "$2"
  cat <<EOF
set -euo pipefail
d() { while iptables "\${@:1:2}" -C "\${@:3}" 2>/dev/null; do iptables "\${@:1:2}" -D "\${@:3}"; done; }
d -t nat POSTROUTING -s $2 -o $OLX_UPLINK_IF -j MASQUERADE
d -t filter FORWARD -i $1 -o $OLX_UPLINK_IF -s $2 -j ACCEPT
d -t filter FORWARD -i $OLX_UPLINK_IF -o $1 -d $2 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
EOF
}

# ---- VMs -------------------------------------------------------------------------------------
# recipe_vm_up NAME MEMORY_MB "APPEND" NIC...   NIC = TAP,MAC (taps created by a *_port_up)
recipe_vm_up() {
  local name=$1 mem=$2 append=$3 nic tap mac i=0 nics=""; shift 3
  v_name "$name"; v_num "$mem"; v_append "$append"
  for nic; do
    IFS=, read -r tap mac <<<"$nic"; v_ifname "$tap"; v_mac "$mac"
    nics+=" -netdev tap,id=n$i,ifname=$tap,script=no,downscript=no -device virtio-net-pci,netdev=n$i,mac=$mac"
    i=$((i + 1))
  done
  local d=$OLX_HOST_VM_DIR/vms/$name
  cat <<EOF
set -euo pipefail
d=$d
mkdir -p \$d
if [ -s \$d/qemu.pid ] && kill -0 "\$(cat \$d/qemu.pid)" 2>/dev/null; then
  echo "$name already running"
else
rm -f \$d/serial.sock \$d/monitor.sock \$d/vnc.sock \$d/serial.log
qemu-system-x86_64 -name $name -accel $OLX_QEMU_ACCEL -m $mem -smp 1 -nodefaults -no-user-config \\
  -kernel $OLX_CACHE/vmlinux -initrd $OLX_CACHE/initrd.gz \\
  -append "console=ttyS0 quiet no_timer_check olimpus.name=$name $append" \\
 $nics \\
  -chardev socket,id=ser0,path=\$d/serial.sock,server=on,wait=off,logfile=\$d/serial.log \\
  -serial chardev:ser0 -monitor unix:\$d/monitor.sock,server=on,wait=off \\
  -vga std -vnc unix:\$d/vnc.sock -daemonize -pidfile \$d/qemu.pid
fi
EOF
}
# recipe_vm_down NAME   quit through the monitor, then kill by pid file
recipe_vm_down() {
  v_name "$1"
  cat <<EOF
set -euo pipefail
d=$OLX_HOST_VM_DIR/vms/$1
pid=\$(cat \$d/qemu.pid 2>/dev/null || true)
if [ -n "\$pid" ] && kill -0 "\$pid" 2>/dev/null; then
  echo quit | socat -t 1 - UNIX-CONNECT:\$d/monitor.sock >/dev/null 2>&1 || true
  for i in \$(seq 1 30); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done
  ! kill -0 "\$pid" 2>/dev/null || kill -KILL "\$pid"
fi
rm -f \$d/qemu.pid
EOF
}
# recipe_tap_down TAP
recipe_tap_down() {
  v_ifname "$1"
  echo "set -euo pipefail"
  echo "! ip link show $1 >/dev/null 2>&1 || ip link del $1"
}
