package io.olimpus.server.engine.driver;

/** A VM's checked state, with the platform's own words when something is wrong (e.g. Nova's fault). */
public record VmStatus(VmState state, String detail) {}
