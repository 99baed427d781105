#!/usr/bin/env bash
# Wall time to deploy an N-VM ring (default 20) on the OpenStack test bed through Olimpus's engine
# and driver, next to a minimal fully parallel script of the same creating calls on the same
# cloud, and the API calls per VM of each (median of ROUNDS rounds, default 3). Brings the bed up
# when it is down (and down again afterwards); needs root like the bed.
#
#   packaging/bench/openstack-ring.sh [VMS] [ROUNDS] [list|get]   (how the script polls: list = like Olimpus)
set -euo pipefail
cd "$(dirname "$0")/../.."
VMS=${1:-20}
ROUNDS=${2:-3}
POLL=${3:-list}
[[ $POLL == list || $POLL == get ]] || { echo "poll must be list or get" >&2; exit 2; }
[[ $VMS =~ ^[0-9]+$ && $ROUNDS =~ ^[0-9]+$ ]] || { echo "usage: $0 [VMS] [ROUNDS]" >&2; exit 2; }
mvn -B -ntp -q -pl headnode-server -am test-compile
mvn -B -ntp -q -pl headnode-server dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP=headnode-server/target/test-classes:headnode-server/target/classes:shared-model/target/classes:$(cat headnode-server/target/bench.classpath)
exec java -cp "$CP" io.olimpus.server.platform.openstack.OpenStackRingBenchmark "$VMS" "$ROUNDS" "$POLL"
