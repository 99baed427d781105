#!/usr/bin/env bash
# Runs a shell command inside a test-bed guest through its serial console socket and prints
# only the command's output. Exits with the command's exit code (also shown on stderr as
# "[guest rc=N]"); exits 255 when the guest could not be driven (no socket, timeout).
#
#   guest-exec.sh [-t SECONDS] SERIAL_SOCK 'command ...'
#
# SERIAL_SOCK is the QEMU "-chardev socket,...,server=on" path (from the root namespace use the
# host's state folder, e.g. $STATE/hosts/worker1/olimpus/vms/vm1/serial.sock). The guest must
# have printed OLIMPUS-READY (its shell runs only after that). The command is shipped base64-
# encoded and run with "sh", so quotes, pipes and several lines are fine (max 3000 bytes).
# On timeout it sends ^C to the guest so the console is free for the next command.
# QEMU drops input that the guest has not read when the client disconnects, so the connection
# is held until the end marker is seen. One guest-exec at a time per socket (flock).
set -euo pipefail

timeout=30
while [[ $# -gt 0 ]]; do
  case $1 in
    -t) [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "guest-exec: -t needs seconds" >&2; exit 255; }; timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "guest-exec: unknown option $1" >&2; exit 255 ;;
    *) break ;;
  esac
done
[[ $# -eq 2 ]] || { echo "usage: guest-exec.sh [-t SECONDS] SERIAL_SOCK 'command'" >&2; exit 255; }
sock=$1 cmd=$2
[[ -S $sock ]] || { echo "guest-exec: not a socket: $sock" >&2; exit 255; }
((${#cmd} <= 3000)) || { echo "guest-exec: command longer than 3000 bytes" >&2; exit 255; }
command -v socat >/dev/null || { echo "guest-exec: socat missing (install-deps.sh)" >&2; exit 255; }

id="$$${RANDOM}${RANDOM}"
b64=$(printf '%s\n' "$cmd" | base64 -w0)
# The quotes split the markers in the echoed input line, so only the real output matches.
line="echo $b64|base64 -d>/tmp/olx.$id;echo OLX-B\"\"EGIN-$id;sh /tmp/olx.$id;echo \"OLX-E\"\"ND-$id rc=\$?\";rm -f /tmp/olx.$id"

tmp=$(mktemp -d /tmp/olx-guest-exec.XXXXXX)
spid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [[ -n $spid ]] && kill -0 "$spid" 2>/dev/null; then kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

exec 4>"$sock.lock"
flock -w "$timeout" 4 || { echo "guest-exec: $sock busy for ${timeout}s" >&2; exit 255; }

mkfifo "$tmp/in"
# The background socat's own redirections create out and err only once it is scheduled and has
# opened the FIFO; on a busy machine the loop below read out before that ("No such file").
: >"$tmp/out"; : >"$tmp/err"
socat - "UNIX-CONNECT:$sock" <"$tmp/in" >>"$tmp/out" 2>>"$tmp/err" &
spid=$!
exec 3>"$tmp/in"
# No wait for the connection: the FIFO holds the line until socat has connected and reads it,
# and a socat that could not connect is noticed by the loop below (each exec waited 0.2 s here).
# ^U clears anything half-typed on the guest's line first.
trap '' PIPE   # a socat already gone makes the write fail (EPIPE) rather than kill this script
printf '\025\n%s\n' "$line" >&3 2>/dev/null || { echo "guest-exec: cannot connect to $sock: $(cat "$tmp/err")" >&2; exit 255; }

end="OLX-END-$id rc="
deadline=$((SECONDS + timeout))
until tr -d '\r' <"$tmp/out" | grep -q "${end}[0-9]"; do
  if ((SECONDS >= deadline)); then
    # Interrupt the command (^C to the guest's foreground job) so the console is usable again.
    printf '\003' >&3 2>/dev/null || true
    sleep 0.5
    echo "guest-exec: no end marker within ${timeout}s (sent ^C); guest console said:" >&2
    tr -d '\r' <"$tmp/out" | tail -5 >&2
    exit 255
  fi
  kill -0 "$spid" 2>/dev/null || { echo "guest-exec: connection to $sock closed: $(cat "$tmp/err")" >&2; exit 255; }
  sleep 0.1
done

rc=$(tr -d '\r' <"$tmp/out" | awk -v b="OLX-BEGIN-$id" -v e="$end" -v of="$tmp/body" '
  !on { if (index($0, b)) on = 1; next }
  { i = index($0, e)
    if (i) { if (i > 1) print substr($0, 1, i - 1) > of; r = substr($0, i + length(e)); sub(/[^0-9].*/, "", r); print r; exit }
    print > of }')
[[ -f $tmp/body ]] && cat "$tmp/body"
echo "[guest rc=$rc]" >&2
exit "$rc"
