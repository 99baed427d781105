#!/usr/bin/env bash
# End-to-end test of the two Debian packages, on this machine, as root: install both with dpkg,
# start the installed designer under Xvfb and wait for its main window (title and screenshot),
# start the installed server as its system user and ask its health endpoint, run the command line
# it carries (olimpus-cli --version, --help) as a new user would, upgrade the server
# package to a newer version and check configuration and data survive, then remove both and
# check nothing of theirs is left but configuration and data, and purge. Maven runs it at
# `integration-test` (see pom.xml); it cleans up everything it installed, also on failure.
#   test-packages.sh DIST WORK MAVEN_VERSION SERVER_TARGET CLI_TARGET
# DESKTOP_STARTS=N starts the installed designer N times and prints each start time (the figure
# in docs/benchmarks.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dist=$1 work=$2 mvn_version=$3 server_target=$4 cli_target=$5
version=${mvn_version%%-*}
starts=${DESKTOP_STARTS:-1}
desktop_deb=$(ls "$dist"/olimpus-designer_*.deb)
server_deb=$dist/olimpus-headnode_${version}_all.deb
archive=$dist/olimpus-headnode-$version.tar.gz
cli_archive=$dist/olimpus-cli-$version.tar.gz

say() { echo "test-packages: $*"; }
fail() { echo "test-packages: FAILED: $*" >&2; exit 1; }

if [[ $(id -u) -ne 0 ]] || ! command -v dpkg >/dev/null; then
  # Installing packages needs root and dpkg. CI has both; elsewhere the skip is loud, never silent.
  [[ ${CI:-} == true ]] && fail "needs root on a Debian-based machine"
  say "SKIPPED: needs root on a Debian-based machine (installs packages system-wide)"
  exit 0
fi

# One run at a time on this machine: two would install and remove the same packages.
lock=/run/lock/olimpus-installers-test.lock; [[ -d /run/lock ]] || lock=/tmp/olimpus-installers-test.lock
exec 9>"$lock"
flock -w 900 9 || fail "another run of this test holds $lock"

for p in olimpus-designer olimpus-headnode; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv 'not-installed'; then
    fail "$p is already installed here; this test installs and purges it, so it refuses to run"
  fi
done
[[ -e /etc/olimpus ]] && fail "/etc/olimpus exists; this test would purge it"
[[ -e /var/lib/olimpus/server ]] && fail "/var/lib/olimpus/server exists; this test would purge it"
# /var/lib/olimpus itself may be the Linux test bed's (driver state, or an empty mount point);
# purging the package removes it when empty, so it is put back as found.
var_before=
[[ -e /var/lib/olimpus ]] && var_before=$(stat -c '%u:%g %a' /var/lib/olimpus)
user_before=$(getent passwd olimpus || true)

rm -rf "$work" && mkdir -p "$work/home"
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for p in olimpus-designer olimpus-headnode; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv 'not-installed'; then
      dpkg_run --purge "$p" >/dev/null || echo "test-packages: cleanup: could not purge $p" >&2
    fi
  done
  [[ -z $user_before ]] && getent passwd olimpus >/dev/null && { userdel olimpus 2>/dev/null || true; }
  [[ -z $user_before ]] && getent group olimpus >/dev/null && { groupdel olimpus 2>/dev/null || true; }
  if [[ -n $var_before && ! -e /var/lib/olimpus ]]; then
    mkdir -p /var/lib/olimpus
    chown "${var_before% *}" /var/lib/olimpus && chmod "${var_before#* }" /var/lib/olimpus
  fi
  [[ $rc -eq 0 ]] || echo "test-packages: FAILED (exit $rc); files in $work" >&2
  exit "$rc"
}
trap cleanup EXIT

# dpkg waits for no one: retry while apt or dpkg (another helper's install) holds its lock.
dpkg_run() {
  local out deadline=$((SECONDS + 300))
  while true; do
    if out=$(dpkg "$@" 2>&1); then printf '%s\n' "$out"; return 0; fi
    if grep -q 'lock' <<<"$out" && ((SECONDS < deadline)); then sleep 1; continue; fi
    printf '%s\n' "$out" >&2; return 1
  done
}

# Waits (bounded) until a command succeeds.
wait_for() {  # SECONDS WHAT COMMAND...
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || fail "$what: not within ${limit} s"
    sleep 0.05
  done
}

# Lists what is left of our packages in the places packages write to.
leftovers() {
  find /etc /opt /usr /var/lib -xdev \( -path /var/lib/dpkg -prune \) -o \
       \( -name '*olimpus-designer*' -o -name '*olimpus-headnode*' -o -name '*olimpus-cli*' -o -path /etc/olimpus -o -path /var/lib/olimpus/server \) -print 2>/dev/null | sort
}

# The libraries jpackage found the runtime linking to (libasound2, libxtst6, ...) must be there
# for dpkg -i; their names follow this distribution's release, so they are read from the package.
missing_depends() {  # DEB: the first alternative of every dependency that nothing installed meets
  dpkg-deb -f "$1" Depends | tr ',' '\n' | while read -r alts; do
    local met= first=
    IFS='|' read -ra choice <<<"$alts"
    for c in "${choice[@]}"; do
      c=$(awk '{print $1}' <<<"$c"); first=${first:-$c}
      dpkg-query -W -f='${Status}' "$c" 2>/dev/null | grep -q '^install ok installed$' && met=1
    done
    [[ -n $met || -z $first ]] || echo "$first"
  done
}

t_start=$SECONDS
need=$(missing_depends "$desktop_deb"; missing_depends "$server_deb")
if [[ -n $need ]]; then
  # shellcheck disable=SC2086  # one package name per word
  "$here/../ci/apt-need.sh" test-packages $need >"$work/apt-depends.log" 2>&1 \
    || fail "installing what the packages depend on: $(echo $need) (log: $work/apt-depends.log)"
  say "installed what the packages depend on: $(echo $need)"
fi
say "installing $(basename "$desktop_deb") and $(basename "$server_deb")"
dpkg_run -i "$desktop_deb" "$server_deb" >"$work/dpkg-install.log" || fail "dpkg -i (log: $work/dpkg-install.log)"
for p in olimpus-designer olimpus-headnode; do
  [[ $(dpkg-query -W -f='${Status}' "$p") == "install ok installed" ]] || fail "$p is not installed and configured"
done

# --- The designer ---------------------------------------------------------------------------
app=/opt/olimpus-designer
[[ -x $app/bin/Olimpus ]] || fail "$app/bin/Olimpus missing"
menu=/usr/share/applications/olimpus-designer-Olimpus.desktop
[[ -f $menu ]] || fail "menu entry $menu missing"
grep -qx "Exec=$app/bin/Olimpus %f" "$menu" || fail "menu entry does not start $app/bin/Olimpus with the file it is given"
icon=$(sed -n 's/^Icon=//p' "$menu"); [[ -f $icon ]] || fail "menu entry's icon '$icon' missing"
# Its own trimmed runtime: the designer's modules only, no man pages, no headers.
runtime=$app/lib/runtime
grep -q 'javafx.controls' "$runtime/release" || fail "runtime has no javafx.controls"
grep -q 'jdk.compiler' "$runtime/release" && fail "runtime was not trimmed (jdk.compiler in it)"
[[ ! -e $runtime/man && ! -e $runtime/include ]] || fail "runtime has man pages or headers"
grep -q "Version: $version" <(dpkg -s olimpus-designer) || fail "designer version is not $version"
grep -q 'libgtk-3-0' <(dpkg -s olimpus-designer) || fail "designer does not depend on libgtk-3-0"

# An X server of our own; -displayfd picks a free display and tells us which.
Xvfb -displayfd 8 -screen 0 1280x800x24 -nolisten tcp 8>"$work/display" 2>"$work/xvfb.log" &
pids+=($!)
wait_for 20 "Xvfb start" test -s "$work/display"
export DISPLAY=:$(head -1 "$work/display")

# The main window: titled "<design> — Olimpus", mapped (viewable), and painted (a blank or
# unpainted window is one flat colour; the designer has toolbars, palette and canvas).
window_id() { xwininfo -root -tree 2>/dev/null | grep -m1 -- '— Olimpus"' | awk '{print $1}'; }
window_viewable() { local id; id=$(window_id); [[ -n $id ]] && xwininfo -id "$id" | grep -q 'Map State: IsViewable'; }
window_painted() {
  import -window "$(window_id)" "$work/designer.png" 2>/dev/null || return 1
  (($(convert "$work/designer.png" -format %k info:) > 100))
}
# A design to open: the title then names it, which proves arguments reach the application.
cat >"$work/lab1.json" <<'JSON'
{ "format": "olimpus-topology/1",
  "topology": { "name": "lab1", "zone": "golden",
    "nodes": [ { "id": "n1", "name": "vm1", "kind": "vm", "flavor": "small", "image": "cirros" },
               { "id": "n2", "name": "vm2", "kind": "vm", "flavor": "small", "image": "cirros" },
               { "id": "n3", "name": "sw1", "kind": "switch" } ],
    "links": [ { "id": "l1", "a": "n1", "b": "n3" }, { "id": "l2", "a": "n2", "b": "n3" } ] },
  "presentation": { "nodes": { "n1": { "x": 200.0, "y": 150.0 }, "n2": { "x": 500.0, "y": 150.0 },
                               "n3": { "x": 350.0, "y": 350.0 } }, "notes": [] } }
JSON
for run in $(seq 1 "$starts"); do
  t0=$(date +%s%N)
  HOME=$work/home LC_ALL=C.UTF-8 "$app/bin/Olimpus" "$work/lab1.json" >"$work/designer-$run.log" 2>&1 &
  dpid=$!; pids+=("$dpid")
  wait_for 90 "designer main window (log: $work/designer-$run.log)" window_viewable
  t1=$(date +%s%N)
  wait_for 30 "designer window painted" window_painted
  t2=$(date +%s%N)
  geometry=$(xwininfo -id "$(window_id)" | awk '/Width:/{w=$2} /Height:/{h=$2} END{print w "x" h}')
  title=$(xwininfo -id "$(window_id)" | sed -n 's/.*"\(.*\)"$/\1/p' | head -1)
  [[ $title == "lab1 — lab1.json — Olimpus" ]] || fail "main window titled '$title', not the opened design's"
  say "designer start $run: window '$title' ${geometry} viewable after $(((t1 - t0) / 1000000)) ms, painted after $(((t2 - t0) / 1000000)) ms"
  kill "$dpid"; wait "$dpid" 2>/dev/null || true
  wait_for 20 "designer window closed" bash -c "! xwininfo -root -tree | grep -q -- '— Olimpus\"'"
done
say "designer OK: screenshot of its main window in $work/designer.png"

# --- The server -----------------------------------------------------------------------------
conf=/etc/olimpus/headnode.properties
entry=$(getent passwd olimpus) || fail "system user olimpus missing"
IFS=: read -r _ _ uid _ _ home shell <<<"$entry"
((uid < 1000)) || fail "olimpus is not a system user (uid $uid)"
data=/var/lib/olimpus/server
[[ $home == "$data" && $shell == /usr/sbin/nologin ]] || fail "olimpus: home $home, shell $shell"
[[ $(stat -c '%U:%G %a' $data) == "olimpus:olimpus 750" ]] || fail "$data is $(stat -c '%U:%G %a' $data)"
[[ $(stat -c '%U:%G %a' "$conf") == "root:olimpus 640" ]] || fail "$conf is $(stat -c '%U:%G %a' "$conf")"
unit=/lib/systemd/system/olimpus-headnode.service
grep -qx 'ExecStart=/usr/bin/olimpus-headnode --config /etc/olimpus/headnode.properties' "$unit" || fail "unit's ExecStart"
grep -qx 'User=olimpus' "$unit" && grep -qx 'StandardOutput=journal' "$unit" || fail "unit's user or logging"
[[ -L /etc/systemd/system/multi-user.target.wants/olimpus-headnode.service ]] || fail "unit not enabled"
# systemd reads the unit without complaint (unknown keys are only warnings, so those fail here).
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" >"$work/unit-verify.log" 2>&1 || fail "systemd-analyze verify $unit: $(cat "$work/unit-verify.log")"
  ! grep 'olimpus-headnode' "$work/unit-verify.log" || fail "systemd-analyze verify warns about $unit"
fi
# Where systemd runs, postinst started the service: stop it, this test starts the server itself.
[[ -d /run/systemd/system ]] && systemctl stop olimpus-headnode.service

admin_password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
# Starts the installed binary as the service would (its user, its config), on a free loopback
# port instead of 8000; sets $api.
start_server() {  # LOG [VAR=VALUE...]
  local log=$1; shift
  setpriv --reuid=olimpus --regid=olimpus --init-groups env -i PATH=/usr/bin:/bin "$@" \
    /usr/bin/olimpus-headnode --config "$conf" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
  spid=$!; pids+=("$spid")
  wait_for 90 "server start (log: $log)" grep -qs 'is running at' "$log"
  api=$(grep -o 'http://[^ ]*/api/v1' "$log" | head -1)
}
stop_server() { kill "$spid"; wait "$spid" 2>/dev/null || true; }
login() {
  curl -sf "$api/auth/login" -H 'Content-Type: application/json' \
       -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | jq -er .token
}

start_server "$work/server-1.log" OLIMPUS_ADMIN_PASSWORD="$admin_password"
curl -sf "$api/health" | jq -e '.status == "ok" and .database == "ok"' >/dev/null || fail "health at $api/health"
token=$(login) || fail "admin login"
curl -sf "$api/flavors" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
     -d '{"name":"kept-across-upgrade","vcpus":1,"ramMb":256,"diskGb":1}' >/dev/null || fail "creating a flavor"
stop_server
[[ $(stat -c %U $data/olimpus.mv.db) == olimpus ]] || fail "database not in $data, owned by olimpus"
say "server OK: healthy at $api/health, database in $data"

# --- The command line the server package carries, as a user types it --------------------------
# Its own home: the launcher keeps its class-data-sharing archive in ~/.cache/olimpus-cli.
cli() { env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 /usr/bin/olimpus-cli "$@"; }
[[ -L /usr/bin/olimpus-cli ]] || fail "/usr/bin/olimpus-cli missing"
t_cli=$SECONDS
cli --version >"$work/cli-version.out" 2>&1 || fail "olimpus-cli --version: $(cat "$work/cli-version.out")"
grep -q "^olimpus-cli $version" "$work/cli-version.out" || fail "olimpus-cli --version says: $(cat "$work/cli-version.out")"
ls "$work"/home/.cache/olimpus-cli/*.jsa >/dev/null 2>&1 || fail "the first run made no start-up archive in ~/.cache/olimpus-cli"
# The second run starts from that archive.
cli --help >"$work/cli-help.out" 2>&1 || fail "olimpus-cli --help: $(cat "$work/cli-help.out")"
grep -q '^Usage: olimpus-cli' "$work/cli-help.out" && grep -q 'login' "$work/cli-help.out" && grep -q 'slice' "$work/cli-help.out" \
  || fail "olimpus-cli --help says: $(cat "$work/cli-help.out")"
say "command line OK: /usr/bin/olimpus-cli --version, --help ($(head -1 "$work/cli-version.out"); $((SECONDS - t_cli)) s)"

# --- Upgrade: a newer version keeps the changed configuration and the data --------------------
echo "# changed by test-packages.sh" >>"$conf"
OLIMPUS_PACKAGE_VERSION=$version+1 bash "$here/build-server.sh" "$mvn_version" "$server_target" \
  "$work/upgrade" "$work/upgrade-dist" "$cli_target" >/dev/null
dpkg_run -i "$work/upgrade-dist/olimpus-headnode_${version}+1_all.deb" >"$work/dpkg-upgrade.log" || fail "dpkg -i upgrade"
[[ $(dpkg-query -W -f='${Version}' olimpus-headnode) == "$version+1" ]] || fail "upgrade did not install $version+1"
grep -q 'changed by test-packages' "$conf" || fail "upgrade lost the changed $conf"
[[ $(stat -c '%U:%G %a' "$conf") == "root:olimpus 640" ]] || fail "upgrade changed $conf's permissions"
[[ -d /run/systemd/system ]] && systemctl stop olimpus-headnode.service
start_server "$work/server-2.log"   # no admin password now: only an empty database would need one
grep -q 'First admin created' "$work/server-2.log" && fail "upgrade started from an empty database"
token=$(login) || fail "admin login after the upgrade (database lost?)"
curl -sf "$api/flavors" -H "Authorization: Bearer $token" | grep -q kept-across-upgrade || fail "flavor lost in the upgrade"
stop_server
say "upgrade OK: $version -> $version+1 kept $conf and the database"

# --- The plain archive ----------------------------------------------------------------------
tar -C "$work" -xzf "$archive"
tree=$work/olimpus-headnode-$version
[[ -f $tree/README && -f $tree/etc/headnode.properties && -f $tree/systemd/olimpus-headnode.service ]] || fail "archive layout"
"$tree/bin/olimpus-headnode" --version | grep -q 'Olimpus headnode' || fail "archive's bin/olimpus-headnode --version"
# Its command line through bin/olimpus-cli (a link), and the command line's own archive.
HOME=$work/home "$tree/bin/olimpus-cli" --version | grep -q "^olimpus-cli $version" || fail "archive's bin/olimpus-cli --version"
tar -C "$work" -xzf "$cli_archive"
HOME=$work/home "$work/olimpus-cli-$version/olimpus-cli" --version | grep -q "^olimpus-cli $version" \
  || fail "$(basename "$cli_archive"): olimpus-cli --version"
say "archives OK: $(basename "$archive") runs bin/olimpus-headnode and bin/olimpus-cli, $(basename "$cli_archive") runs olimpus-cli"

# --- Remove: only configuration and data stay; purge: nothing ---------------------------------
dpkg_run -r olimpus-designer olimpus-headnode >"$work/dpkg-remove.log" || fail "dpkg -r"
left=$(leftovers)
expected=$(printf '%s\n' /etc/olimpus /etc/olimpus/headnode.properties \
  /etc/systemd/system/multi-user.target.wants/olimpus-headnode.service \
  /etc/systemd/system/olimpus-headnode.service \
  /var/lib/olimpus/server \
  /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/olimpus-headnode.service \
  /var/lib/systemd/deb-systemd-helper-enabled/olimpus-headnode.service.dsh-also \
  /var/lib/systemd/deb-systemd-helper-masked/olimpus-headnode.service | sort)
# Configuration (the changed config file, the unit's enablement state, which Debian keeps until
# purge) and data; nothing else.
extra=$(comm -23 <(echo "$left") <(echo "$expected"))
[[ -z $extra ]] || fail "left after dpkg -r: $extra"
say "left after dpkg -r: $(echo $left)"
grep -q 'changed by test-packages' "$conf" || fail "dpkg -r lost $conf"
[[ -f $data/olimpus.mv.db ]] || fail "dpkg -r lost the database"
dpkg_run --purge olimpus-designer olimpus-headnode >"$work/dpkg-purge.log" || fail "dpkg --purge"
left=$(leftovers)
[[ -z $left ]] || fail "left after dpkg --purge: $left"
say "remove OK: configuration and data kept by dpkg -r, gone after --purge"
say "PASSED in $((SECONDS - t_start)) s"
