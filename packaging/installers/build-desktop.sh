#!/usr/bin/env bash
# Builds the desktop designer with jpackage: an app-image with its own trimmed Java runtime, then
# the native installer of the system it runs on (.deb on Linux, .msi on Windows, .dmg on macOS;
# jpackage cannot cross-build). Maven calls it at `package` (see pom.xml) after copying JavaFX's
# jars to WORK/fx and every other runtime jar, the designer's included, to WORK/input.
#   build-desktop.sh MAVEN_VERSION JAVAFX_VERSION WORK DIST
# Needs: a JDK 17+ with jpackage. Linux: fakeroot and binutils (objcopy, for --strip-debug).
# Windows (Git Bash): WiX 3 (candle.exe, light.exe) on PATH. macOS: Xcode command-line tools.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mvn_version=$1 fx_version=$2 work=$3 dist=$4
version=${mvn_version%%-*}          # 0.1.0-SNAPSHOT -> 0.1.0: installers want plain numbers
name=Olimpus
main_class=io.olimpus.desktop.Launcher
main_jar=desktop-$mvn_version.jar
[ -f "$work/input/$main_jar" ] || { echo "build-desktop: $work/input/$main_jar missing (run through Maven)" >&2; exit 1; }

case "$(uname -s)" in
  Linux) os=linux; icon=$here/icons/olimpus.png ;;
  Darwin) os=mac; icon=$here/icons/olimpus.icns ;;
  MINGW*|MSYS*|CYGWIN*) os=win; icon=$here/icons/olimpus.ico ;;
  *) echo "build-desktop: unsupported system $(uname -s)" >&2; exit 1 ;;
esac

if [ "$os" = linux ]; then
  for tool in fakeroot objcopy; do
    command -v $tool >/dev/null || { echo "build-desktop: $tool missing (packaging/installers/install-deps.sh installs it)" >&2; exit 1; }
  done
fi

# JavaFX's platform jars are real modules; the classifier-less javafx-*-VERSION.jar are empty
# shells that would become clashing automatic modules, so only the platform ones go to jlink.
fx=$work/fx-modules
rm -rf "$fx" "$work/image" && mkdir -p "$fx" "$dist"
for j in "$work"/fx/*.jar; do
  case "$(basename "$j")" in *-"$fx_version".jar) ;; *) cp "$j" "$fx/" ;; esac
done

# The runtime holds exactly the modules the jars use (jdeps, so it follows the dependencies as
# they change), plus what jdeps cannot see: elliptic-curve TLS (jdk.crypto.ec) and the locale
# data of the Spanish translation (jdk.localedata, trimmed to en and es below).
# Given all class-path jars as targets, jdeps resolves them against each other.
# (tr: jdeps ends its line with CR LF on Windows.)
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
            --module-path "$fx" "$work"/input/*.jar 2>"$work/jdeps.log" | tr -d '\r') \
  || { cat "$work/jdeps.log" >&2; exit 1; }   # its log is mostly split-package noise
modules="$modules,jdk.crypto.ec,jdk.localedata"
echo "build-desktop: runtime modules $modules"

# ControlsFX reaches into JavaFX internals; with JavaFX as named modules those must be exported
# to the class path (the unnamed module).
java_options=(
  --add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED
  --add-exports=javafx.controls/com.sun.javafx.scene.control=ALL-UNNAMED
  --add-exports=javafx.controls/com.sun.javafx.scene.control.behavior=ALL-UNNAMED
)
jp_java_options=()
for o in "${java_options[@]}"; do jp_java_options+=(--java-options "$o"); done

common=(--name "$name" --app-version "$version" --vendor "Olimpus"
        --description "Olimpus designer: draw slices of virtual machines and deploy them")

t0=$(date +%s)
jpackage --type app-image "${common[@]}" \
  --input "$work/input" --main-jar "$main_jar" --main-class "$main_class" \
  --module-path "$fx" --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2 --include-locales=en,es" \
  "${jp_java_options[@]}" \
  --icon "$icon" --dest "$work/image"
t1=$(date +%s)
app_image=$work/image/$name; [ "$os" = mac ] && app_image=$work/image/$name.app
echo "build-desktop: app-image $app_image ($(du -sh "$app_image" | cut -f1), $((t1 - t0)) s)"

case "$os" in
  linux) installer=(--type deb --linux-package-name olimpus-designer --linux-package-deps libgtk-3-0
                    --linux-deb-maintainer "olimpus@localhost" --linux-menu-group "Education;Science;"
                    --linux-app-category education --linux-shortcut
                    --resource-dir "$here/desktop/linux") ;;   # our postinst/prerm (see there why) and menu entry
  win)   installer=(--type msi --win-menu --win-menu-group Olimpus --win-shortcut --win-dir-chooser
                    --win-upgrade-uuid 4f6c1b0e-8a52-4c55-9d27-6f1d0b8c2e31) ;;
  mac)   installer=(--type dmg --mac-package-name "$name") ;;
esac
# An installer from the app-image reuses its runtime instead of linking a second one. The payload
# is already compressed (jimage, jars): gzip makes the .deb 42 MB in 5 s where dpkg's default xz
# makes it 38 MB in 45-75 s (measured on this 2-CPU machine).
DPKG_DEB_COMPRESSOR_TYPE=gzip jpackage "${installer[@]}" "${common[@]}" --app-image "$app_image" --icon "$icon" --dest "$dist"
t2=$(date +%s)
echo "build-desktop: installer in $dist ($((t2 - t1)) s):"
ls -l "$dist"
