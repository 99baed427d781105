#!/usr/bin/python3
"""neutron-linuxbridge-agent for the Olimpus OpenStack test bed, without ebtables.

Neutron's own agent (Zed) installs ARP and MAC anti-spoofing rules for every port with ebtables,
unconditionally (the prevent_arp_spoofing option is gone). On this machine ebtables is the
nf_tables backend (the kernel has no legacy ebtables tables, so update-alternatives cannot switch
to ebtables-legacy), and deleting the rule of a port that is going away sometimes fails with
"RULE_DELETE failed (Invalid argument)": the agent then retries that port forever with growing
waits and wires no port created afterwards, which stay DOWN.

The bed runs no guest and its taps have no reader, so there is no ARP to protect: this entry point
makes the anti-spoofing calls no-ops and otherwise runs the agent unchanged (the firewall driver
is already noop). Everything else the agent does (bridges, VXLAN, taps, port status) is Neutron's.
"""
import sys

# Import the agent's command first: it monkey-patches eventlet before anything else loads.
from neutron.cmd.eventlet.plugins.linuxbridge_neutron_agent import main
from neutron.plugins.ml2.drivers.linuxbridge.agent import arp_protect
from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def _skip(*args, **kwargs):
    return None


for _name in ('setup_arp_spoofing_protection', 'delete_arp_spoofing_protection',
              'delete_unreferenced_arp_protection', 'install_arp_spoofing_protection'):
    setattr(arp_protect, _name, _skip)

if __name__ == '__main__':
    sys.exit(main())
