#!/usr/bin/env bash
# PID 1 of one test-bed host. up.sh starts it as
#   ip netns exec olx-H (olb-H in layout b) unshare --uts --pid --fork --kill-child --mount-proc --propagation slave \
#       host-init.sh H WITH_OVS
# so it runs in the host's own network, UTS, mount and PID namespaces. It gives the host what a
# real host keeps locally (private /run and /tmp, private OVS and VM state folders), starts
# sshd (and Open vSwitch), reports readiness through $OLX_STATE/hosts/H/status, then reaps
# orphans for ever (QEMU started with -daemonize is re-parented to it). Killing it (SIGKILL
# from the root namespace) kills every process of the host.
set -euo pipefail
OLX_ME="host-init $1"
. "$(dirname "$0")/lib.sh"

H=$1 WITH_OVS=$2
olx_is_host "$H" || olx_die "unknown host '$H'"
[[ $WITH_OVS == 0 || $WITH_OVS == 1 ]] || olx_die "WITH_OVS must be 0 or 1"
[[ $$ -eq 1 ]] || olx_die "must run as PID 1 of a new pid namespace"
HD=$OLX_STATE/hosts/$H
status() { echo "$*" >"$HD/status.new"; mv "$HD/status.new" "$HD/status"; }
rc=0
trap 'rc=$?; ((rc == 0)) || status "failed: line $LINENO rc=$rc"' EXIT

hostname "$H"
# Local state of the host. --propagation slave already keeps these mounts out of the root
# namespace.
mount -t tmpfs -o mode=0755,size=64m olx-run /run
mount -t tmpfs -o mode=1777,size=1g olx-tmp /tmp
mkdir -p /run/sshd /run/openvswitch /run/netns /run/lock
# An SSH user other than root (layout b) exists only inside the bed's hosts, as on a cluster
# whose admin made one for Olimpus: the host gets a private copy of /etc (a real host has its
# own), made here before anything else is mounted under /etc. Single files bind-mounted over
# /etc/passwd were not enough: a package install in the root namespace replaces /etc/passwd by a
# rename (adduser), and since Linux 3.18 that silently drops such a mount in every other
# namespace, so on a fresh machine, with the OpenStack packages installing beside the bed, sshd
# suddenly knew no user 'olimpus'.
if [[ $OLX_SSH_USER != root ]]; then
  mkdir /run/olimpus-etc   # a tmpfs of its own: the copy of /etc/shadow never lands on disk
  mount -t tmpfs -o mode=0755,size=512m olx-etc /run/olimpus-etc
  cp -a /etc/. /run/olimpus-etc/
  mount --bind /run/olimpus-etc /etc
fi
for d in etc/openvswitch var/lib/openvswitch var/log/openvswitch; do
  if [[ -d /$d ]]; then
    mkdir -p "$HD/local/$d"
    mount --bind "$HD/local/$d" "/$d"
  fi
done
mount --bind "$HD/olimpus" "$OLX_HOST_VM_DIR"
# A host without Open vSwitch (layout b's worker3) has no OVS client or daemon at all: /dev/null
# over each binary, in this host's mount namespace only, is not an executable file there.
if ((WITH_OVS == 0)); then
  for b in ovs-vsctl ovs-ofctl ovs-appctl ovs-dpctl ovsdb-tool ovsdb-client ovs-vswitchd ovsdb-server; do
    p=$(command -v "$b" 2>/dev/null || true)
    [[ -n $p ]] || { [[ -x /usr/sbin/$b ]] && p=/usr/sbin/$b; } || true
    [[ -n $p ]] && mount --bind /dev/null "$p"
  done
fi
# The SSH user, in the host's private /etc (above): passwordless sudo, and the host's name in
# /etc/hosts (sudo looks its host up on every call).
if [[ $OLX_SSH_USER != root ]]; then
  grep -q "^$OLX_SSH_USER:" /etc/passwd || echo "$OLX_SSH_USER:x:4242:4242:Olimpus driver:/run/home/$OLX_SSH_USER:/bin/sh" >>/etc/passwd
  grep -q "^$OLX_SSH_USER:" /etc/group || echo "$OLX_SSH_USER:x:4242:" >>/etc/group
  # '*': no password, yet not a locked account (sshd without PAM refuses '!' accounts even for keys).
  grep -q "^$OLX_SSH_USER:" /etc/shadow || echo "$OLX_SSH_USER:*:19000:0:99999:7:::" >>/etc/shadow
  echo "127.0.1.1 $H" >>/etc/hosts
  echo "$OLX_SSH_USER ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/olimpus-testbed
  chmod 0440 /etc/sudoers.d/olimpus-testbed
  mkdir -p "/run/home/$OLX_SSH_USER"
  # sshd reads the keys as the user: a copy the user owns (the bed's own file is root's, mode 600).
  cp "$OLX_STATE/ssh/authorized_keys" "/run/home/$OLX_SSH_USER/authorized_keys"
  chmod 600 "/run/home/$OLX_SSH_USER/authorized_keys"
  chown -R 4242:4242 "/run/home/$OLX_SSH_USER"
fi
# The SSH user's own home, empty, as on a fresh worker: the machine's dotfiles must not run in
# the bed's SSH sessions (seen: root's ~/.bashrc running `pyenv init`, which printed into the
# commands' output and, with a stale pyenv lock, made every session wait 60 s).
home=$(getent passwd "$OLX_SSH_USER" | cut -d: -f6)
if [[ -n $home && -d $home && $home != /run/* ]]; then
  mkdir -p "$HD/local/home"
  mount --bind "$HD/local/home" "$home"
fi

ip link set lo up

/usr/sbin/sshd -t -f "$HD/sshd_config"
/usr/sbin/sshd -f "$HD/sshd_config" -E "$HD/log/sshd.log"

if ((WITH_OVS)); then
  schema=/usr/share/openvswitch/vswitch.ovsschema
  rm -f /etc/openvswitch/conf.db
  ovsdb-tool create /etc/openvswitch/conf.db "$schema"
  ovsdb-server /etc/openvswitch/conf.db --remote=punix:/run/openvswitch/db.sock \
    --pidfile=/run/openvswitch/ovsdb-server.pid --detach --no-chdir \
    --log-file=/var/log/openvswitch/ovsdb-server.log
  ovs-vsctl --no-wait init
  ovs-vsctl --no-wait set Open_vSwitch . external-ids:hostname="$H" external-ids:system-id="$H"
  ovs-vswitchd unix:/run/openvswitch/db.sock --pidfile=/run/openvswitch/ovs-vswitchd.pid \
    --detach --no-chdir --log-file=/var/log/openvswitch/ovs-vswitchd.log
  ovs-vsctl --timeout=20 wait-until Open_vSwitch . 'next_cfg>=0' >/dev/null
fi

status ready
trap - EXIT
set +e
# The reaper: bash reaps every child it is handed, including adopted orphans, whenever it
# waits. Signals other than SIGKILL from outside are ignored by a pid namespace's init anyway.
exec </dev/null >/dev/null 2>&1
while :; do
  sleep 3600 &
  wait $!
done
