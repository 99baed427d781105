#!/usr/bin/env bash
# Sets Nova quotas of a project on the running OpenStack test bed (as admin), e.g. so a slice
# is too big for its project:
#
#   quota.sh PROJECT instances=2 [cores=N] [ram=MB] ...
#   quota.sh --default instances=2 ...   the default quota class: every project without its
#                                         own values, e.g. the ones Olimpus creates per slice
#   (Nova's defaults: instances=10 cores=20 ram=51200; down.sh forgets every change)
#
# The same with the CLI:
#   OS_CLIENT_CONFIG_FILE=/var/tmp/olimpus-testbed/openstack/clouds.yaml \
#     openstack --os-cloud olimpus-testbed-admin quota set --instances 2 PROJECT
#     openstack --os-cloud olimpus-testbed-admin quota set --class --instances 2 default
set -euo pipefail
OST_ME=quota
. "$(dirname "$0")/lib.sh"
(($# >= 2)) || { sed -n '2,13p' "$0"; exit 2; }
ost_require_root
[[ -r $OST_JSON ]] || ost_die "the test bed is not up (no $OST_JSON)"
for kv in "${@:2}"; do [[ $kv =~ ^[a-z_]+=-?[0-9]+$ ]] || ost_die "not KEY=NUMBER: '$kv'"; done
. "$OST_SECRETS"
export OST_PW_ADMIN OST_KEYSTONE_URL OST_DOMAIN OST_REGION
exec "$PY" "$OST_DIR/ostb.py" quota "$@"
