#!/bin/bash
# Checks health.sh's stuck-agent detection and --repair on the OpenStack bed (needs root; run it
# under `flock /work/osbed.lock` where beds are shared): brings the bed up, (1) appends a failed
# ebtables delete to the agent's log -> health fails, --repair restarts the agent; (2) freezes the
# agent (SIGSTOP by its recorded pid) and boots a server -> its port stays DOWN, health fails
# within ~60 s, --repair restarts the agent and the port goes ACTIVE. Deletes what it made and
# takes the bed down. Prints each step's result and time.
set -u
B=$(cd "$(dirname "$0")" && pwd)
S=${OLIMPUS_TESTBED_OPENSTACK_STATE:-/var/tmp/olimpus-testbed/openstack}
t() { date +%s; }
T0=$(t); $B/up.sh >/tmp/ostb-stuck-up.log 2>&1; echo "up rc=$? in $(( $(t)-T0 )) s"
$B/health.sh; echo "health (clean) rc=$?"
echo "$(date '+%F %T').000 1 ERROR neutron.agent.linux.utils [-] Exit code: 4; Stdout: ; Stderr: ebtables v1.8.9 (nf_tables):  RULE_DELETE failed (Invalid argument): rule in chain PREROUTING (simulated by the stuck-agent check)" >> $S/log/neutron-linuxbridge-agent.log
$B/health.sh; echo "health (failed ebtables delete in the log) rc=$?"
T0=$(t); $B/health.sh --repair; echo "health --repair rc=$? in $(( $(t)-T0 )) s"
# An agent that is alive for Neutron but wires nothing: frozen (SIGSTOP by its recorded pid), then a server on a port.
read -r APID _ < $S/run/neutron-linuxbridge-agent.pid
kill -STOP "$APID"; echo "froze agent pid $APID"
export OS_CLIENT_CONFIG_FILE=$S/clouds.yaml
A="openstack --os-cloud olimpus-testbed-admin"
$A network create stuck-net -f value -c id >/dev/null
$A subnet create stuck-sub --network stuck-net --subnet-range 198.18.251.0/24 -f value -c id >/dev/null
$A flavor create stuck-flavor --vcpus 1 --ram 64 --disk 1 -f value -c id >/dev/null
head -c 1048576 /dev/zero > /tmp/ostb-stuck-stuck.img
$A image create stuck-img --disk-format raw --container-format bare --file /tmp/ostb-stuck-stuck.img -f value -c id >/dev/null
$A server create stuck-vm --flavor stuck-flavor --image stuck-img --network stuck-net --availability-zone olimpus-az1 --wait -f value -c status
$A port list --server stuck-vm -c Status -f value
T0=$(t)
until ! $B/health.sh >/tmp/ostb-stuck-stuck-health.txt 2>&1 || (( $(t) - T0 > 240 )); do sleep 10; done
grep -E "FAIL" /tmp/ostb-stuck-stuck-health.txt; echo "stuck detected after $(( $(t)-T0 )) s"
kill -CONT "$APID" 2>/dev/null; kill -STOP "$APID"   # stays frozen for the repair to find
T0=$(t); OST_STUCK_AFTER=60 $B/health.sh --repair | tail -4; echo "health --repair rc=$? in $(( $(t)-T0 )) s"
$A port list --server stuck-vm -c Status -f value
$A server delete --wait stuck-vm; $A image delete stuck-img; $A flavor delete stuck-flavor; $A network delete stuck-net
T0=$(t); $B/down.sh >/tmp/ostb-stuck-down.log 2>&1; echo "down rc=$? in $(( $(t)-T0 )) s"
