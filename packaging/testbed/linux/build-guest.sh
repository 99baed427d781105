#!/usr/bin/env bash
# Builds the test bed's guest: Debian's kernel as an uncompressed ELF vmlinux (boots ~2.5x
# faster under TCG than the bzImage) and a busybox initramfs whose /init brings up every NIC.
# Output in $OLIMPUS_TESTBED_CACHE (default /var/tmp/olimpus-testbed/guest):
#   vmlinux, vmlinux.sha256, initrd.gz, initrd.gz.sha256, kernel.version, initrd.stamp
# Skipped when already built: the kernel is rebuilt only when its .deb version changes, the
# initramfs only when this script changes (its own hash is the stamp). --force rebuilds both.
set -euo pipefail
OLX_ME=build-guest
. "$(dirname "$0")/lib.sh"
olx_require_root

FORCE=0
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) olx_die "unknown argument '$a' (try --help)" ;;
  esac
done

# Modules Debian builds as modules, in load order (virtio_blk so a driver can add disks).
MODULES=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net virtio_blk)

command -v busybox >/dev/null && [[ -x /bin/busybox ]] || olx_die "busybox-static missing: run install-deps.sh"
for c in cpio gzip xz dpkg-deb apt-get sha256sum; do
  command -v "$c" >/dev/null || olx_die "$c missing: run install-deps.sh"
done
file /bin/busybox 2>/dev/null | grep -q dynamically && olx_die "/bin/busybox is dynamic; need busybox-static"

mkdir -p "$OLX_CACHE"
exec 9>"$OLX_CACHE/.lock"
flock -w 600 9 || olx_die "another build-guest.sh holds $OLX_CACHE/.lock"

t0=$(olx_now)
SELF_HASH=$(sha256sum "$0" | cut -d' ' -f1)

# ---- kernel ----------------------------------------------------------------------------------
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [[ -z $kpkg ]]; then
  olx_log "apt lists empty; running apt-get update"
  apt-get update -q >/dev/null
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
fi
[[ $kpkg =~ ^linux-image-[0-9][0-9a-z.+-]*-amd64$ ]] || olx_die "cannot resolve linux-image-amd64 to a kernel package (got '$kpkg')"
kver=$(apt-cache policy "$kpkg" | awk '/Candidate:/{print $2}')
want_kernel="$kpkg $kver"

if ((FORCE == 0)) && [[ -s $OLX_CACHE/vmlinux && -s $OLX_CACHE/modules/virtio_net.ko \
      && $(cat "$OLX_CACHE/kernel.version" 2>/dev/null) == "$want_kernel" ]] \
      && (cd "$OLX_CACHE" && sha256sum --quiet -c vmlinux.sha256 >/dev/null 2>&1); then
  olx_log "kernel cached: $want_kernel"
  kernel_built=0
else
  olx_log "fetching $want_kernel"
  work=$(mktemp -d "$OLX_CACHE/kbuild.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"   # lets apt's _apt user write the download
  (cd "$work" && apt-get download -q "$kpkg" >/dev/null 2>"$work/download.err") \
    || { cat "$work/download.err" >&2; olx_die "apt-get download $kpkg failed"; }
  dpkg-deb -x "$work"/"$kpkg"_*.deb "$work/x"
  vmlinuz=$(ls "$work"/x/boot/vmlinuz-* | head -1)
  [[ -f $vmlinuz ]] || olx_die "no vmlinuz in $kpkg"
  # The bzImage carries an xz stream; find each candidate xz magic and keep the first that
  # decompresses to an ELF file.
  found=0
  for off in $(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$vmlinuz" | cut -d: -f1); do
    # (tail gets SIGPIPE once xz has its stream: read through a process substitution)
    if xz -dc --single-stream < <(tail -c +"$((off + 1))" "$vmlinuz" 2>/dev/null) >"$work/vmlinux" 2>/dev/null \
        && [[ $(head -c 4 "$work/vmlinux" | od -An -c | tr -d ' ') == '177ELF' ]]; then
      found=1; break
    fi
  done
  ((found)) || olx_die "could not extract an ELF vmlinux from $vmlinuz"
  kdir=$(ls -d "$work"/x/lib/modules/*/ | head -1)
  rm -rf "$OLX_CACHE/modules.new"; mkdir -p "$OLX_CACHE/modules.new"
  for m in "${MODULES[@]}"; do
    ko=$(find "$kdir" -name "$m.ko" -o -name "$m.ko.xz" | head -1)
    [[ -n $ko ]] || olx_die "module $m not found in $kpkg"
    case $ko in
      *.xz) xz -dc "$ko" >"$OLX_CACHE/modules.new/$m.ko" ;;
      *) cp "$ko" "$OLX_CACHE/modules.new/$m.ko" ;;
    esac
  done
  cp "$(ls "$work"/x/boot/config-* | head -1)" "$OLX_CACHE/kernel.config"
  mv "$work/vmlinux" "$OLX_CACHE/vmlinux"
  rm -rf "$OLX_CACHE/modules"; mv "$OLX_CACHE/modules.new" "$OLX_CACHE/modules"
  (cd "$OLX_CACHE" && sha256sum vmlinux >vmlinux.sha256)
  echo "$want_kernel" >"$OLX_CACHE/kernel.version"
  rm -rf "$work"; trap - EXIT
  kernel_built=1
fi

# ---- initramfs -------------------------------------------------------------------------------
if ((FORCE == 0 && kernel_built == 0)) && [[ -s $OLX_CACHE/initrd.gz \
      && $(cat "$OLX_CACHE/initrd.stamp" 2>/dev/null) == "$SELF_HASH" ]] \
      && (cd "$OLX_CACHE" && sha256sum --quiet -c initrd.gz.sha256 >/dev/null 2>&1); then
  olx_log "initramfs cached"
else
  olx_log "building initramfs"
  root=$(mktemp -d "$OLX_CACHE/initrd.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,root,lib/modules,var/run}
  cp /bin/busybox "$root/bin/busybox"
  cp "$OLX_CACHE"/modules/*.ko "$root/lib/modules/"
  printf '%s\n' "${MODULES[@]}" >"$root/lib/modules/load-order"
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  printf '127.0.0.1 localhost\n' >"$root/etc/hosts"
  cat >"$root/etc/profile" <<'EOF'
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
PS1="$(hostname)# "
EOF

  # udhcpc calls this with $1 = deconfig|bound|renew|leasefail|nak and the lease in the env.
  cat >"$root/etc/udhcpc.script" <<'EOF'
#!/bin/sh
case "$1" in
  deconfig)
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up
    ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface" ${broadcast:+broadcast $broadcast}
    [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
    if [ -n "$router" ] && ! ip route | grep -q '^default'; then
      for r in $router; do ip route add default via "$r" dev "$interface" && break; done
    fi
    if [ -n "$dns" ]; then for d in $dns; do echo "nameserver $d"; done >>/etc/resolv.conf; fi
    echo "$ip/$mask" >"/run/olimpus/ip.$interface"
    ;;
esac
exit 0
EOF

  # The guest's PID 1. Settings come from the kernel command line:
  #   olimpus.name=NAME              hostname (default "guest")
  #   olimpus.net.ethN=dhcp|none|A.B.C.D/P   per NIC (default dhcp)
  #   olimpus.gw=A.B.C.D             default gateway for static setups
  #   olimpus.dhcp_wait=SECONDS      how long to try DHCP before reporting "none" (default 30)
  cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run && mkdir -p /run/olimpus
mount -t tmpfs tmpfs /tmp
echo 1 >/proc/sys/kernel/printk
: >/etc/resolv.conf

say() { echo "$*" >/dev/console; }

name=guest gw= dhcp_wait=30 want_nics=0
for w in $(cat /proc/cmdline); do
  case "$w" in
    olimpus.name=*) v=${w#*=}; case "$v" in *[!A-Za-z0-9.-]*|'') say "olimpus-init: bad name '$v'";; *) name=$v;; esac ;;
    olimpus.gw=*) gw=${w#*=} ;;
    olimpus.dhcp_wait=*) v=${w#*=}; case "$v" in *[!0-9]*|'') ;; *) dhcp_wait=$v;; esac ;;
    olimpus.nics=*) v=${w#*=}; case "$v" in *[!0-9]*|'') ;; *) want_nics=$v;; esac ;;
    olimpus.net.*=*) k=${w%%=*}; k=${k#olimpus.net.}; case "$k" in *[!a-z0-9]*) ;; *) eval "cfg_$k=\${w#*=}";; esac ;;
  esac
done
hostname "$name"
echo "127.0.1.1 $name" >>/etc/hosts
ip link set lo up

for m in $(cat /lib/modules/load-order); do
  insmod "/lib/modules/$m.ko" 2>/dev/null || say "olimpus-init: insmod $m failed"
done

# NICs appear while virtio_net probes. With olimpus.nics=N (the host knows how many it gave us)
# wait for all N, up to 10 s: under software emulation a third NIC can take well over 100 ms.
# Without it, wait until their number stops changing (max ~2 s).
nics= prev=x i=0 count=0
while [ $i -lt 100 ]; do
  nics= count=0
  for k in $(seq 0 63); do [ -e "/sys/class/net/eth$k" ] && nics="$nics eth$k" && count=$((count + 1)); done
  if [ "$want_nics" -gt 0 ]; then
    [ "$count" -ge "$want_nics" ] && break
  else
    [ "$nics" = "$prev" ] && [ -n "$nics" ] && break
    [ $i -ge 20 ] && break
  fi
  prev=$nics; i=$((i + 1)); usleep 100000
done
[ "$want_nics" -gt 0 ] && [ "$count" -lt "$want_nics" ] && say "olimpus-init: only $count of $want_nics NICs appeared"

for n in $nics; do
  ip link set "$n" up
  eval "mode=\${cfg_$n:-dhcp}"
  case "$mode" in
    dhcp)
      # Quits after the lease (dnsmasq hands out long leases); reports "none" on timeout.
      udhcpc -i "$n" -s /etc/udhcpc.script -x "hostname:$name" -t "$dhcp_wait" -T 1 -A 1 -n -q \
        >"/run/olimpus/udhcpc.$n.log" 2>&1 &
      ;;
    none) ;;
    *.*.*.*/*) ip addr add "$mode" dev "$n" && echo "$mode" >"/run/olimpus/ip.$n" ;;
    *) say "olimpus-init: bad setting for $n: '$mode'" ;;
  esac
done
wait
[ -n "$gw" ] && ip route add default via "$gw"

line="OLIMPUS-READY name=$name"
for n in $nics; do line="$line $n=$(cat "/run/olimpus/ip.$n" 2>/dev/null || echo none)"; done
say "$line uptime=$(cut -d' ' -f1 /proc/uptime)"

# A shell on the serial console for ever (tests drive the guest through it).
while :; do
  setsid cttyhack sh -l
  sleep 1
done
EOF
  chmod 755 "$root/init" "$root/etc/udhcpc.script"
  (cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -9 >"$OLX_CACHE/initrd.gz.new"
  mv "$OLX_CACHE/initrd.gz.new" "$OLX_CACHE/initrd.gz"
  (cd "$OLX_CACHE" && sha256sum initrd.gz >initrd.gz.sha256)
  echo "$SELF_HASH" >"$OLX_CACHE/initrd.stamp"
  rm -rf "$root"; trap - EXIT
fi

olx_log "guest ready in $(olx_since "$t0") s: $OLX_CACHE/vmlinux ($(du -h "$OLX_CACHE/vmlinux" | cut -f1)), $OLX_CACHE/initrd.gz ($(du -h "$OLX_CACHE/initrd.gz" | cut -f1)), kernel $(cat "$OLX_CACHE/kernel.version")"
