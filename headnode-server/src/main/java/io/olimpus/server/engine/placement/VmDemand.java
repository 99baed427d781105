package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;

/** A VM to place, with the resources its flavor asks for. */
public record VmDemand(String vmId, String vmName, Resources need) {}
