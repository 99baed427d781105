package io.olimpus.server.platform.linux;

/**
 * How a zone's networks are isolated between workers. OVS: VM ports tagged with the network's
 * VLAN on br-int, VXLAN between workers on br-tun (what course clusters run). LINUX_BRIDGE: a
 * bridge and a kernel VXLAN device per network, no OVS needed. Either way the network's segment
 * id is its VXLAN id on the wire; OVS also uses it as the host-local VLAN tag, so OVS zones hand
 * out ids 1–4094. The driver builds either through its {@link Fabric}, picked from this kind once;
 * in an OVS zone a worker without Open vSwitch builds LINUX_BRIDGE's parts itself ({@link OvsFabric}).
 */
public enum DataPlane {
    OVS, LINUX_BRIDGE
}
