#!/usr/bin/env bash
# Waits until a test-bed guest prints its readiness line on the serial console and prints it:
#   guest-wait.sh [-t SECONDS] SERIAL_LOG
#   -> OLIMPUS-READY name=vm1 eth0=198.18.128.11/24 eth1=none uptime=2.61
# SERIAL_LOG is the QEMU chardev logfile (VM folder/serial.log). Exits 1 on timeout (default 120 s).
set -euo pipefail
timeout=120
if [[ ${1:-} == -t ]]; then
  [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "guest-wait: -t needs seconds" >&2; exit 2; }
  timeout=$2; shift 2
fi
[[ $# -eq 1 ]] || { echo "usage: guest-wait.sh [-t SECONDS] SERIAL_LOG" >&2; exit 2; }
log=$1
deadline=$((SECONDS + timeout))
while :; do
  line=$(tr -d '\r' <"$log" 2>/dev/null | grep -m1 '^OLIMPUS-READY' || true)
  [[ -z $line ]] || { echo "$line"; exit 0; }
  ((SECONDS < deadline)) || { echo "guest-wait: no OLIMPUS-READY in $log after ${timeout}s" >&2; exit 1; }
  sleep 0.1
done
