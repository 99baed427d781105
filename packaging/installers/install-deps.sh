#!/usr/bin/env bash
# Installs the Debian packages that building and testing the installers need. Idempotent: when
# every package is already installed it only checks and exits (no apt-get update, no network).
set -euo pipefail

PKGS=(
  fakeroot          # jpackage --type deb and dpkg-deb build as a fake root
  binutils          # objcopy: jlink --strip-debug
  xvfb              # an X server for starting the installed desktop in the test
  x11-utils         # xwininfo: finds the desktop's main window
  imagemagick       # import: screenshot of that window; convert: counts its colours
  libgtk-3-0        # JavaFX's window toolkit; the desktop package depends on it
  xdg-utils         # jpackage makes the desktop package depend on it (menu entries)
  adduser           # the server package's postinst creates the system user
  init-system-helpers # deb-systemd-helper: the server package's postinst enables its unit
  curl              # the test asks the installed server's health endpoint
  jq                # and reads its answers
)

if [[ $(id -u) -ne 0 ]]; then
  echo "installers/install-deps.sh: must run as root" >&2; exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "installers/install-deps.sh: all ${#PKGS[@]} packages already installed"
  exit 0
fi

echo "installers/install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
echo "installers/install-deps.sh: done"
