#!/usr/bin/env bash
# Builds the headnode server's Debian package and its plain .tar.gz from what headnode-server
# packages for `java -jar` (target/olimpus-headnode.jar and target/lib/); both carry the command
# line too (cli/target, staged by build-cli.sh): bin/olimpus-cli, /usr/bin/olimpus-cli in the
# .deb. Maven calls it at `package` (see pom.xml).
#   build-server.sh MAVEN_VERSION SERVER_TARGET WORK DIST CLI_TARGET
# Needs dpkg-deb (Debian's dpkg) for the .deb; the .tar.gz only needs tar.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mvn_version=$1 server_target=$2 work=$3 dist=$4 cli_target=$5
version=${OLIMPUS_PACKAGE_VERSION:-${mvn_version%%-*}}   # 0.1.0-SNAPSHOT -> 0.1.0 (the test bumps it to try an upgrade)
pkg=olimpus-headnode
[ -f "$server_target/olimpus-headnode.jar" ] && [ -d "$server_target/lib" ] \
  || { echo "build-server: $server_target/olimpus-headnode.jar or lib/ missing (run through Maven)" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work" "$dist"

# One tree layout for both: bin/olimpus-headnode finds lib/ next to it. The command line sits in
# lib/olimpus-cli/ (out of the server's class path, lib/*.jar); bin/olimpus-cli links to its
# launcher, which finds its jar through the link.
stage_tree() {  # DIR
  install -d "$1/bin" "$1/lib"
  install -m 0755 "$here/server/olimpus-headnode" "$1/bin/"
  install -m 0644 "$server_target/olimpus-headnode.jar" "$server_target"/lib/*.jar "$1/lib/"
  bash "$here/build-cli.sh" --stage "$cli_target" "$1/lib/olimpus-cli"
  ln -s ../lib/olimpus-cli/olimpus-cli "$1/bin/olimpus-cli"
  # The jars both use (wire, model, Jackson, OkHttp...: 4 of its 6 MB) are stored once.
  local j
  for j in "$1"/lib/olimpus-cli/lib/*.jar; do
    if cmp -s "$j" "$1/lib/$(basename "$j")"; then ln -sf "../../$(basename "$j")" "$j"; fi
  done
}

t0=$(date +%s)
built=()
# The Debian package, where dpkg-deb is (Debian, Ubuntu; not macOS or Windows).
if command -v dpkg-deb >/dev/null; then
  root=$work/deb
  stage_tree "$root/usr/share/$pkg"
  install -d "$root/usr/bin" "$root/etc/olimpus" "$root/lib/systemd/system" "$root/usr/share/doc/$pkg" "$root/DEBIAN"
  ln -s "../share/$pkg/bin/olimpus-headnode" "$root/usr/bin/olimpus-headnode"
  ln -s "../share/$pkg/bin/olimpus-cli" "$root/usr/bin/olimpus-cli"
  install -m 0644 "$here/server/headnode.properties" "$root/etc/olimpus/"
  install -m 0644 "$here/server/olimpus-headnode.service" "$root/lib/systemd/system/"
  printf 'Olimpus headnode server. Configuration: /etc/olimpus/headnode.properties; data: /var/lib/olimpus/server;\nlogs: journalctl -u olimpus-headnode. Removing the package keeps configuration and data; purging deletes them.\nThe command line: olimpus-cli --help.\n' \
    > "$root/usr/share/doc/$pkg/README.Debian"
  install -m 0644 "$here/server/debian/conffiles" "$root/DEBIAN/"
  install -m 0755 "$here/server/debian/postinst" "$here/server/debian/prerm" "$here/server/debian/postrm" "$root/DEBIAN/"
  size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size_kb/" "$here/server/debian/control" > "$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum > DEBIAN/md5sums)
  # The jars are already compressed: gzip costs a fraction of xz's time for nearly the same size.
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$dist/${pkg}_${version}_all.deb" >/dev/null
  built+=("${pkg}_${version}_all.deb")
else
  echo "build-server: no dpkg-deb here, so no .deb (only the .tar.gz)"
fi

# The plain archive, for machines that are not Debian-based.
tree=$work/tar/$pkg-$version
stage_tree "$tree"
install -d "$tree/etc" "$tree/systemd"
install -m 0644 "$here/server/headnode.properties" "$tree/etc/"
install -m 0644 "$here/server/olimpus-headnode.service" "$tree/systemd/"
install -m 0644 "$here/server/README.archive" "$tree/README"
owner=(--owner=0 --group=0); tar --version | grep -q GNU || owner=(--uid 0 --gid 0)   # GNU tar or bsdtar
tar -C "$work/tar" "${owner[@]}" -czf "$dist/$pkg-$version.tar.gz" "$pkg-$version"
built+=("$pkg-$version.tar.gz")
t1=$(date +%s)
echo "build-server: $(cd "$dist" && du -k "${built[@]}" | tr "\t\n" "  ")in KiB ($((t1 - t0)) s)"
