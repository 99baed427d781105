#!/usr/bin/env bash
# cloud-init-boot.sh NAME DISK PORT: boots an overlay of DISK under TCG as the Linux driver boots a
# disk image (320 MB, 1 vCPU, virtio disk, a NoCloud seed read-only as the second drive), with
# one virtio NIC on QEMU's user network forwarding 127.0.0.1:PORT to the guest's 22, and prints
# seconds from launch to the console's login prompt and to a successful
# `ssh -i KEY -p PORT debian@127.0.0.1 hostname` (only for a disk with sshd; NAME=old skips it).
# The seed holds what the server's CloudConfig writes: hostname NAME, an Ed25519 key made here,
# a password. Work files in $OUT (default /tmp/olimpus-cloud-init-boot/NAME). Needs qemu-system-x86,
# qemu-utils, dosfstools, mtools, openssh-client, bc. docs/benchmarks.md has the figures.
set -u
name=$1 disk=$2 port=$3
base=${OUT:-/tmp/olimpus-cloud-init-boot}
d=$base/$name; rm -rf "$d"; mkdir -p "$d"
key=$d/key
ssh-keygen -q -t ed25519 -N '' -f "$key"
printf 'instance-id: "s1-%s"\nlocal-hostname: "%s"\n' "$name" "$name" >"$d/meta-data"
printf '#cloud-config\nhostname: "%s"\nmanage_etc_hosts: true\nssh_authorized_keys:\n  - "%s"\npassword: "Pw0123456789abcd"\nchpasswd:\n  expire: false\nssh_pwauth: false\n' \
  "$name" "$(cat "$key.pub")" >"$d/user-data"
mkfs.vfat -n CIDATA -C "$d/seed.img" 1024 >/dev/null && mcopy -i "$d/seed.img" "$d/user-data" "$d/meta-data" ::
qemu-img create -q -f qcow2 -F qcow2 -b "$disk" "$d/disk.qcow2" 2G
t0=$(date +%s.%N)
qemu-system-x86_64 -name "$name" -accel tcg,tb-size=16 -m 320 -smp 1 -nodefaults -no-user-config \
  -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22 -device virtio-net-pci,netdev=n0 \
  -drive file=$d/disk.qcow2,if=virtio,format=qcow2 -drive file=$d/seed.img,if=virtio,format=raw,readonly=on \
  -serial file:$d/serial.log -display none -daemonize -pidfile $d/qemu.pid
since() { echo "$(date +%s.%N) - $t0" | bc; }
login= sshok=
for i in $(seq 1 600); do
  [ -z "$login" ] && grep -aq 'login:' "$d/serial.log" 2>/dev/null && login=$(since) \
    && echo "$name login: $login s ($(grep -a -o '[a-z0-9-]* login:' "$d/serial.log" | head -1))"
  if [ -z "$sshok" ] && [ "$name" != old ]; then
    h=$(timeout 20 ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 \
      -i "$key" -p "$port" debian@127.0.0.1 hostname 2>/dev/null) && sshok=$(since) && echo "$name ssh hostname=$h: $sshok s"
  fi
  [ -n "$login" ] && { [ -n "$sshok" ] || [ "$name" = old ]; } && break
  sleep 2
done
kill "$(cat "$d/qemu.pid")"
