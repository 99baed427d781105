#!/usr/bin/env bash
# Installs what Olimpus needs on a Debian/Ubuntu machine, and nothing when it is already there.
#   --runtime  a JDK 17 and Maven
#   --test     the above, plus the services and tools the tests use (MariaDB running)
#   --test --background   the same, except that what only the end-to-end tests need, and only
#              later in the run, is prepared in the background while Maven compiles and runs
#              the unit tests: the OpenStack bed's packages and the Debian disk image. The
#              tests that need them wait for them (both scripts take a lock; run again, they
#              find the work done). Logs: /var/tmp/olimpus-testbed/background-*.log
set -euo pipefail
mode="${1:---test}"
background=0
[ "${2:-}" = --background ] && background=1
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
    # Its apt-get install takes minutes and the OpenStack tests come late: started below instead.
    [ "$background" = 1 ] && [ "$d" = packaging/testbed/openstack/ ] && continue
    # --disk: the Debian disk's tools too, so that no apt-get runs beside the background one.
    extra=(); [ "$d" = packaging/testbed/linux/ ] && extra=(--disk)
    [ -x "$d/install-deps.sh" ] && "$d/install-deps.sh" "${extra[@]}"
    [ -x "$d/install.sh" ] && "$d/install.sh"
  done
  if [ "$background" = 1 ]; then
    logs=/var/tmp/olimpus-testbed
    mkdir -p "$logs"
    # setsid and no inherited descriptors: CI's output pipe must not wait for these.
    echo "install-deps: preparing in the background: OpenStack bed packages ($logs/background-openstack.log)," \
      "Debian disk image ($logs/background-debian-disk.log)"
    setsid packaging/testbed/openstack/install-deps.sh </dev/null >"$logs/background-openstack.log" 2>&1 &
    setsid packaging/testbed/linux/build-debian-disk.sh </dev/null >"$logs/background-debian-disk.log" 2>&1 &
  fi
fi
exit 0
