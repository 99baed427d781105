package io.olimpus.server.engine.allocation;

/** A zone ran out of something it hands out (segment ids, subnets, addresses). */
public final class AllocationExhausted extends RuntimeException {
    public AllocationExhausted(String message) { super(message); }
}
