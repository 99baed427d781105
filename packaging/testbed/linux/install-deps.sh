#!/usr/bin/env bash
# Installs the Debian packages the Linux cluster test bed needs. Idempotent: when every
# package is already installed it only checks and exits (no apt-get update, no network).
#   install-deps.sh [--disk]   --disk adds what build-debian-disk.sh needs to build a Debian disk
set -euo pipefail

PKGS=(
  iproute2          # ip netns / veth / bridge / vxlan / tuntap
  util-linux        # unshare, nsenter
  procps            # ps, sysctl
  openssh-server    # one sshd per host
  openssh-client    # ssh, ssh-keygen, ssh-keyscan
  qemu-system-x86   # the guests (TCG here, KVM on real workers)
  qemu-utils        # qemu-img: a disk image's overlay per VM on the workers
  openvswitch-switch # ovsdb-server + ovs-vswitchd (userspace datapath here)
  dnsmasq-base      # DHCP for slice networks on the headnode
  busybox-static    # the guest's userland
  cpio              # packs the guest initramfs
  gzip
  xz-utils          # unpacks the kernel payload (vmlinuz -> vmlinux)
  socat             # talks to QEMU's serial and monitor sockets
  iptables          # NAT on the headnode
  iputils-ping      # pings from hosts
  tcpdump           # captures on a link (olimpus capture): tcpdump on the VM tap, streamed over SSH
  dosfstools        # mkfs.vfat: a disk-image VM's cloud-init seed (a CIDATA FAT image) on the workers
  mtools            # mcopy: fills that seed without mounting it
  kmod              # modinfo (inspecting guest modules while building the initramfs)
  ca-certificates
)

for a in "$@"; do
  case $a in
    --disk) PKGS+=(mmdebstrap syslinux syslinux-common mtools dosfstools e2fsprogs fdisk) ;;
    *) echo "install-deps.sh: unknown argument '$a'" >&2; exit 2 ;;
  esac
done

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: must run as root" >&2; exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all ${#PKGS[@]} packages already installed"
  exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Debian images often carry a policy-rc.d that blocks service starts; that is what we want:
# the bed starts sshd/OVS itself inside its own namespaces, never in the root namespace.
apt-get update -q
apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"

# Packages may have tried to start system-wide daemons in the root namespace (sshd, OVS).
# The bed never relies on those; it only reports them so the operator knows.
for d in sshd ovsdb-server ovs-vswitchd; do
  if pidof "$d" >/dev/null 2>&1; then
    echo "install-deps.sh: note: a root-namespace $d is running (not started by the bed; left alone)"
  fi
done
echo "install-deps.sh: done"
