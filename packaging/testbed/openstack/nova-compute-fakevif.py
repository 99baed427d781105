#!/usr/bin/python3
"""nova-compute for the Olimpus OpenStack test bed.

Runs Nova's own nova.cmd.compute with a fake hypervisor that, unlike nova.virt.fake.FakeDriver,
creates one tap device per VIF (tap<port-id[:11]>, the name Neutron's linuxbridge agent looks
for). The agent then wires the tap into the network's bridge and Neutron reports the port
ACTIVE, as with a real hypervisor. No guest runs and no packet is sent: the taps have no
reader. Zed loads compute drivers only from the nova.virt package, so this module registers
itself as nova.virt.fakevif before main() (compute_driver = fakevif.FakeVifDriver).

Every tap it creates is recorded in $OLIMPUS_TESTBED_OPENSTACK_STATE/run/taps (one name a
line) before creation, so down.sh can delete leftovers by their recorded names.
"""
import os
import subprocess
import sys

from oslo_log import log as logging

from nova.virt import fake

LOG = logging.getLogger(__name__)
STATE = os.environ.get('OLIMPUS_TESTBED_OPENSTACK_STATE', '/var/tmp/olimpus-testbed/openstack')
TAPS = os.path.join(STATE, 'run', 'taps')


def _tap(vif):
    return ('tap' + vif['id'])[:14]


def _ip(*args):
    return subprocess.run(['ip'] + list(args), capture_output=True, text=True)


def _plug(vif):
    name = _tap(vif)
    if _ip('link', 'show', name).returncode != 0:
        with open(TAPS, 'a') as f:
            f.write(name + '\n')
        r = _ip('tuntap', 'add', name, 'mode', 'tap')
        if r.returncode != 0 and 'exists' not in r.stderr:
            raise RuntimeError('ip tuntap add %s: %s' % (name, r.stderr.strip()))
        addr = vif.get('address')
        if addr:
            _ip('link', 'set', name, 'address', addr)
    # No IPv6 on the tap: nothing of the host ever speaks on it.
    try:
        with open('/proc/sys/net/ipv6/conf/%s/disable_ipv6' % name, 'w') as f:
            f.write('1')
    except OSError:
        pass
    _ip('link', 'set', name, 'up')
    LOG.info('fakevif: plugged %s', name)


def _unplug(vif):
    name = _tap(vif)
    if _ip('link', 'show', name).returncode == 0:
        _ip('link', 'delete', name)
        LOG.info('fakevif: unplugged %s', name)


class FakeVifDriver(fake.FakeDriver):
    """FakeDriver whose VIFs are real (idle) tap devices."""

    def plug_vifs(self, instance, network_info):
        for vif in network_info or []:
            _plug(vif)

    def unplug_vifs(self, instance, network_info):
        for vif in network_info or []:
            _unplug(vif)

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None, power_on=True, accel_info=None):
        for vif in network_info or []:
            _plug(vif)
        super().spawn(context, instance, image_meta, injected_files,
                      admin_password, allocations, network_info=network_info,
                      block_device_info=block_device_info, power_on=power_on,
                      accel_info=accel_info)

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, destroy_secrets=True):
        super().destroy(context, instance, network_info,
                        block_device_info=block_device_info,
                        destroy_disks=destroy_disks, destroy_secrets=destroy_secrets)
        for vif in network_info or []:
            _unplug(vif)

    def attach_interface(self, context, instance, image_meta, vif):
        _plug(vif)
        super().attach_interface(context, instance, image_meta, vif)

    def detach_interface(self, context, instance, vif):
        super().detach_interface(context, instance, vif)
        _unplug(vif)


if __name__ == '__main__':
    import nova.virt
    sys.modules['nova.virt.fakevif'] = sys.modules[__name__]
    nova.virt.fakevif = sys.modules[__name__]
    from nova.cmd.compute import main
    sys.exit(main())
