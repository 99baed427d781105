#!/usr/bin/env bash
# Installs those of the given Debian packages that are not installed yet. When all are there it
# only checks (no apt-get update, no network), so callers may run it every time.
#   apt-need.sh LABEL PACKAGE...     (LABEL prefixes its messages; root only when installing)
set -euo pipefail
label=$1; shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "$label: all $# packages already installed"
  exit 0
fi
[[ $(id -u) -eq 0 ]] || { echo "$label: must run as root to install ${missing[*]}" >&2; exit 1; }
echo "$label: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# Other work on the machine may hold dpkg's lock for a while: wait for it instead of failing.
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
