#!/usr/bin/env bash
# Builds a small bootable Debian 12 disk (qcow2) from Debian's packages, as a student would
# upload one: it boots through its own bootloader (syslinux in the MBR, kernel and initramfs on a
# FAT boot partition), runs systemd, and asks DHCP on every NIC (systemd-networkd).
# It carries cloud-init (NoCloud only, trimmed to the modules that give a student access:
# hostname, the default user 'debian', the SSH key, the password; plus runcmd for a slice's own
# cloud-config) and openssh-server, whose host keys cloud-init makes per VM (ed25519 only:
# RSA key generation under software emulation costs seconds).
# For the tests only: root is logged in on the serial console (ttyS0), so guest-exec.sh can
# drive it, and the console shows systemd's status lines ("Reached target ...").
# Output in $OLIMPUS_TESTBED_DISK_CACHE (default /var/tmp/olimpus-testbed/debian):
#   debian.qcow2, debian.qcow2.sha256, recipe.stamp, build.log
# Skipped when already built from the same recipe (this script's own hash is the key, as
# build-guest.sh keys its initramfs). --force rebuilds.
# Needs: mmdebstrap qemu-utils syslinux syslinux-common mtools dosfstools e2fsprogs fdisk
# (install-deps.sh --disk installs them) and Debian's mirror.
set -euo pipefail
OLX_ME=build-debian-disk
. "$(dirname "$0")/lib.sh"
olx_require_root

OUT=${OLIMPUS_TESTBED_DISK_CACHE:-/var/tmp/olimpus-testbed/debian}
olx_check_dir_var OLIMPUS_TESTBED_DISK_CACHE "$OUT"
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
DISK_MIB=1024   # virtual size; a flavor's disk must hold it
BOOT_MIB=48     # FAT boot partition: kernel, initramfs, syslinux

FORCE=0
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) olx_die "unknown argument '$a' (try --help)" ;;
  esac
done

for c in mmdebstrap qemu-img syslinux mkfs.vfat mcopy mkfs.ext4 sfdisk sha256sum; do
  command -v "$c" >/dev/null || olx_die "$c missing: run install-deps.sh --disk"
done
MBR=/usr/lib/syslinux/mbr/mbr.bin
[[ -f $MBR ]] || olx_die "$MBR missing: run install-deps.sh --disk"

mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock -w 1800 9 || olx_die "another build-debian-disk.sh holds $OUT/.lock"

RECIPE=$(sha256sum "$0" | cut -d' ' -f1)
if ((FORCE == 0)) && [[ -s $OUT/debian.qcow2 && $(cat "$OUT/recipe.stamp" 2>/dev/null) == "$RECIPE" ]] \
    && (cd "$OUT" && sha256sum --quiet -c debian.qcow2.sha256 >/dev/null 2>&1); then
  olx_log "disk cached: $OUT/debian.qcow2"
  exit 0
fi

t0=$(olx_now)
work=$(mktemp -d "$OUT/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root

# Hooks run on the host with the new root as $1. Modules are pruned to what a QEMU guest uses
# (virtio, ext4, vfat for /boot, networking): the full set would triple the disk.
olx_log "mmdebstrap $SUITE (minbase + systemd + kernel), log in $OUT/build.log"
mmdebstrap --variant=minbase --mode=root \
  --include=systemd,systemd-sysv,udev,dbus,iproute2,iputils-ping,linux-image-amd64,initramfs-tools,kmod,cloud-init,openssh-server \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d"; printf "MODULES=list\nCOMPRESS=gzip\n" >"$1/etc/initramfs-tools/conf.d/olimpus"; mkdir -p "$1/etc/initramfs-tools"; printf "virtio_pci\nvirtio_blk\nvirtio_net\next4\n" >"$1/etc/initramfs-tools/modules"' \
  --customize-hook='
    set -e
    echo debian >"$1/etc/hostname"
    printf "127.0.0.1 localhost\n127.0.1.1 debian\n" >"$1/etc/hosts"
    printf "/dev/vda2 / ext4 defaults,noatime 0 1\n" >"$1/etc/fstab"
    # Under software emulation on a loaded host udev can take minutes to settle: wait for devices
    # as long as a boot budget allows rather than dropping to emergency mode after 90 s.
    mkdir -p "$1/etc/systemd/system.conf.d"
    printf "[Manager]\nDefaultDeviceTimeoutSec=900s\nDefaultTimeoutStartSec=600s\n" >"$1/etc/systemd/system.conf.d/olimpus.conf"
    mkdir -p "$1/etc/systemd/network"
    printf "[Match]\nName=eth*\n\n[Network]\nDHCP=ipv4\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n" >"$1/etc/systemd/network/50-dhcp.network"
    chroot "$1" systemctl enable systemd-networkd.service
    chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer systemd-networkd-wait-online.service >/dev/null 2>&1 || true
    # Root shell on the serial console for the tests, with no wait for udev to announce ttyS0.
    ln -sf /dev/null "$1/etc/systemd/system/serial-getty@ttyS0.service"
    printf "[Unit]\nDescription=Root login on ttyS0 (test image)\nAfter=systemd-user-sessions.service\n\n[Service]\nExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200,57600,38400,9600 ttyS0 vt220\nRestart=always\nUtmpIdentifier=ttyS0\nTTYPath=/dev/ttyS0\nTTYReset=yes\nTTYVHangup=yes\nKillMode=process\nIgnoreSIGPIPE=no\n\n[Install]\nWantedBy=multi-user.target\n" \
      >"$1/etc/systemd/system/olimpus-console.service"
    chroot "$1" systemctl enable olimpus-console.service >/dev/null 2>&1
    chroot "$1" passwd -l root >/dev/null
    # cloud-init: the seed drive only (no probing of clouds), the network left to systemd-networkd,
    # and only the modules that give a student access; every other default module costs boot time.
    mkdir -p "$1/etc/cloud/cloud.cfg.d"
    printf "%s\n" "datasource_list: [NoCloud]" "network: {config: disabled}" \
      "cloud_init_modules: [set_hostname, update_hostname, update_etc_hosts, users_groups, ssh]" \
      "cloud_config_modules: [set_passwords, runcmd]" "cloud_final_modules: [scripts_user]" \
      "ssh_genkeytypes: [ed25519]" >"$1/etc/cloud/cloud.cfg.d/90-olimpus-bed.cfg"
    rm -f "$1"/etc/ssh/ssh_host_*   # made per VM by cloud-init, never shared by every copy of the disk
    k=$(ls -d "$1"/lib/modules/*/kernel)
    for d in drivers/gpu drivers/media drivers/infiniband drivers/staging drivers/net/wireless drivers/net/ethernet \
             drivers/usb drivers/hid drivers/input drivers/bluetooth drivers/iio drivers/mtd drivers/isdn \
             drivers/md drivers/nvme drivers/target drivers/thunderbolt drivers/platform drivers/hwmon drivers/mfd \
             sound net/wireless net/mac80211 net/bluetooth fs/btrfs fs/xfs fs/ocfs2 fs/nfs fs/nfsd fs/smb fs/ceph fs/gfs2 fs/f2fs; do
      rm -rf "$k/$d"
    done
    chroot "$1" depmod -a "$(basename "$(dirname "$k")")"
    chroot "$1" update-initramfs -u -k all >/dev/null
    rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*
  ' \
  "$SUITE" "$root" "$MIRROR" >"$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log" >&2; olx_die "mmdebstrap failed (see $OUT/build.log)"; }

kernel=$(ls "$root"/boot/vmlinuz-* | head -1)
initrd=$(ls "$root"/boot/initrd.img-* | head -1)
[[ -f $kernel && -f $initrd ]] || olx_die "no kernel or initramfs in $root/boot"

# Boot partition (FAT16, syslinux installed through mtools: nothing is mounted).
boot_sectors=$((BOOT_MIB * 2048))
mkfs.vfat -F 16 -n BOOT -C "$work/boot.img" $((BOOT_MIB * 1024)) >/dev/null
syslinux --install "$work/boot.img"
cat >"$work/syslinux.cfg" <<'EOF'
DEFAULT debian
TIMEOUT 0
PROMPT 0
SERIAL 0 115200
LABEL debian
  LINUX /vmlinuz
  INITRD /initrd.img
  APPEND root=/dev/vda2 rw console=ttyS0,115200 net.ifnames=0 quiet no_timer_check systemd.show_status=1
EOF
mcopy -i "$work/boot.img" "$work/syslinux.cfg" ::/syslinux.cfg
mcopy -i "$work/boot.img" "$kernel" ::/vmlinuz
mcopy -i "$work/boot.img" "$initrd" ::/initrd.img
rm -rf "$root"/boot/*   # what /boot holds lives on the boot partition

# Root partition: ext4 made from the tree without mounting it.
root_mib=$((DISK_MIB - BOOT_MIB - 2))
mkfs.ext4 -q -L root -d "$root" -E root_owner=0:0 "$work/root.img" "${root_mib}M"

# The disk: MBR with syslinux's boot code, partition 1 (FAT16, active) and 2 (Linux).
truncate -s "${DISK_MIB}M" "$work/disk.raw"
printf 'label: dos\nstart=2048, size=%d, type=6, bootable\nstart=%d, type=83\n' "$boot_sectors" $((2048 + boot_sectors)) \
  | sfdisk -q "$work/disk.raw"
dd if="$MBR" of="$work/disk.raw" bs=440 count=1 conv=notrunc status=none
dd if="$work/boot.img" of="$work/disk.raw" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$work/root.img" of="$work/disk.raw" bs=1M seek=$((1 + BOOT_MIB)) conv=notrunc,sparse status=none

qemu-img convert -c -O qcow2 "$work/disk.raw" "$OUT/debian.qcow2.new"
mv "$OUT/debian.qcow2.new" "$OUT/debian.qcow2"
(cd "$OUT" && sha256sum debian.qcow2 >debian.qcow2.sha256)
echo "$RECIPE" >"$OUT/recipe.stamp"
olx_log "disk ready in $(olx_since "$t0") s: $OUT/debian.qcow2 ($(du -h "$OUT/debian.qcow2" | cut -f1), virtual ${DISK_MIB} MiB, kernel $(basename "$kernel"))"
