package io.olimpus.server.engine.plan;

/** One NIC of a VM: its position (eth0 is 0), the link that made it, its network, MAC and address. */
public record NicPlan(int index, String linkId, String networkId, String mac, String ip) {}
