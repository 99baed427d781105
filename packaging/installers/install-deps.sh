#!/usr/bin/env bash
# Installs the Debian packages that building and testing the installers need; only checks when
# they are all there. Called by packaging/ci/install-deps.sh --test.
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

exec "$(dirname "$0")/../ci/apt-need.sh" installers/install-deps.sh "${PKGS[@]}"
