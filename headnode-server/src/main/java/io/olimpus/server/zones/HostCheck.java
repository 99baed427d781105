package io.olimpus.server.zones;

/** One host's answer to a zone check: whether the headnode reached it over SSH, and what it said or why not. */
public record HostCheck(String host, String role, boolean ok, String detail) {}
