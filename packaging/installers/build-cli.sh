#!/usr/bin/env bash
# The olimpus command line as its own archive, olimpus-cli-VERSION.tar.gz: the launcher
# olimpus-cli next to olimpus-cli.jar and lib/ (what the cli module packages for `java -jar`).
# Maven calls it at `package` (see pom.xml); build-server.sh uses --stage to put the same tree
# into the server's packages.
#   build-cli.sh MAVEN_VERSION CLI_TARGET DIST     the archive, into DIST
#   build-cli.sh --stage CLI_TARGET DIR            only the tree, into DIR
# Java 17 or newer on the machine that runs it (JAVA_HOME, else `java` on the PATH).
set -euo pipefail

stage() {  # CLI_TARGET DIR
  local target=$1 dir=$2
  [ -f "$target/olimpus-cli.jar" ] && [ -d "$target/lib" ] && [ -f "$target/olimpus-cli" ] \
    || { echo "build-cli: $target/olimpus-cli.jar, lib/ or the launcher missing (run through Maven)" >&2; exit 1; }
  install -d "$dir/lib"
  install -m 0755 "$target/olimpus-cli" "$dir/"
  install -m 0644 "$target/olimpus-cli.jar" "$dir/"
  install -m 0644 "$target"/lib/*.jar "$dir/lib/"
}

if [ "${1:-}" = --stage ]; then
  stage "$2" "$3"
  exit 0
fi

mvn_version=$1 cli_target=$2 dist=$3
version=${OLIMPUS_PACKAGE_VERSION:-${mvn_version%%-*}}   # 0.1.0-SNAPSHOT -> 0.1.0
name=olimpus-cli-$version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage "$cli_target" "$work/$name"
cat >"$work/$name/README" <<'README'
The Olimpus command line. Needs a Java runtime 17 or newer (`java` on the PATH, or JAVA_HOME).

  ./olimpus-cli --help
  ./olimpus-cli login --server HEADNODE:8000 -u USERNAME
  ln -s "$PWD/olimpus-cli" ~/.local/bin/olimpus-cli      # to type it from anywhere

Every command is described in the project's docs/cli.md and by `olimpus-cli COMMAND --help`.
README
mkdir -p "$dist"
owner=(--owner=0 --group=0); tar --version | grep -q GNU || owner=(--uid 0 --gid 0)   # GNU tar or bsdtar
tar -C "$work" "${owner[@]}" -czf "$dist/$name.tar.gz" "$name"
echo "build-cli: $name.tar.gz $(du -k "$dist/$name.tar.gz" | cut -f1) KiB"
