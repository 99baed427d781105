package io.olimpus.server.engine.monitoring;

/** Where the monitor's findings go: the store keeps samples for charts, and the worker's up/down flag the placer reads. */
public interface MonitoringSink {
    void sampled(WorkerSample sample);

    /** Called only when a worker's availability changes (and once per worker on the first round). */
    void availabilityChanged(String workerId, boolean up, String reason);
}
