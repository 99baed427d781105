#!/usr/bin/env bash
# Installs what Olimpus needs on a Debian/Ubuntu machine, and nothing when it is already there.
#   --runtime  a JDK 17 and Maven
#   --test     the above, plus the services and tools the tests use (MariaDB running)
set -euo pipefail
mode="${1:---test}"
cd "$(dirname "$0")/../.."

need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
if [ "$mode" = --test ]; then
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
fi
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "install-deps: need root to install: ${need[*]}" >&2; exit 1; }
  echo "install-deps: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ "$mode" = --test ] && [ ! -c /dev/null ]; then
  # Seen on a shared CI machine: /dev/null replaced by a read-only regular file (by something
  # outside this repository). Neutron's privsep daemon, which drops DAC_OVERRIDE, then cannot open
  # it, the OpenStack bed's network agent dies at start and every port fails to bind.
  [ "$(id -u)" = 0 ] || { echo "install-deps: /dev/null is not a character device; as root: rm /dev/null && mknod -m 666 /dev/null c 1 3" >&2; exit 1; }
  echo "install-deps: /dev/null was a $(stat -c '%F, mode %a' /dev/null 2>&1); recreating the device"
  rm -f /dev/null && mknod -m 666 /dev/null c 1 3
fi

if [ "$mode" = --test ]; then
  # The MySQL store tests talk to a real MariaDB on 127.0.0.1:3306 (root, empty password).
  port_open() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
  if ! port_open; then
    echo "install-deps: starting MariaDB"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 60); do port_open && break; sleep 0.5; done
    port_open || { echo "install-deps: MariaDB did not start on 127.0.0.1:3306" >&2; exit 1; }
  fi
  for d in packaging/testbed/*/ packaging/installers/; do
    [ -x "$d/install-deps.sh" ] && "$d/install-deps.sh"
    [ -x "$d/install.sh" ] && "$d/install.sh"
  done
fi
exit 0
