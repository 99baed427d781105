#!/usr/bin/env bash
# Installs the Debian packages the OpenStack test bed needs (Zed, from Debian 12). Idempotent:
# when every package is already installed it only checks and exits (no apt-get update, no
# network). nova-compute is deliberately NOT installed: it would pull qemu, libvirt, open-iscsi
# and ovmf; the bed runs nova.cmd.compute itself with its own fake driver (see fakevif.py).
set -euo pipefail

PKGS=(
  mariadb-server            # databases (the machine's own MariaDB is used when it runs)
  rabbitmq-server           # messaging (the machine's own RabbitMQ is used when it runs)
  memcached                 # Keystone token cache: ~200 ms per request without it, ~5 ms with
  python3-pymysql
  uwsgi-core uwsgi-plugin-python3   # serves Keystone and Placement
  keystone
  glance-api
  placement-api
  nova-api nova-conductor nova-scheduler
  neutron-server neutron-linuxbridge-agent   # ML2 itself is in neutron-common
  heat-api heat-engine      # Heat (orchestration): deploys the HOT templates Olimpus exports
  python3-heatclient        # `openstack stack ...` and `openstack orchestration service list`
  python3-openstackclient   # the `openstack` CLI, used by health.sh/smoke.sh and by users
  iproute2 bridge-utils     # taps, bridges and vxlan for the linuxbridge agent
  curl ca-certificates
)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: must run as root" >&2; exit 1
fi

# One install at a time: `./olimpus test` runs this in the background and the OpenStack tests
# run it again before the bed comes up; the second waits for the first, then finds everything
# installed. apt runs with the lock's descriptor closed: a service it starts must not keep it.
exec 9>/run/lock/olimpus-openstack-install.lock
flock -w 1800 9 || { echo "install-deps.sh (openstack): another install held the lock for 30 min" >&2; exit 1; }

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "install-deps.sh (openstack): all ${#PKGS[@]} packages already installed"
  exit 0
fi

echo "install-deps.sh (openstack): installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Every debconf question of the OpenStack packages defaults to "don't configure"; say so
# explicitly: the bed writes its own configuration under its state folder.
sel=""
for pkg in keystone glance-api glance-common placement-api placement-common nova-api nova-common \
           neutron-server neutron-common heat-api heat-common heat-engine; do
  for q in configure_db configure_api-endpoint configure_rabbit configure_ksat; do
    sel+="$pkg $pkg/$q boolean false"$'\n'
  done
done
sel+="keystone keystone/create-admin-tenant boolean false"$'\n'
printf '%s' "$sel" | debconf-set-selections 2>/dev/null 9>&- || true
apt-get update -q 9>&-
# policy-rc.d (when present) keeps the packages from starting their daemons; the bed starts
# its own processes and never relies on system-wide ones.
apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" 9>&-
echo "install-deps.sh (openstack): done"
