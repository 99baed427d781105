package io.olimpus.server.engine.monitoring;

/** Reads one worker's load on its platform; throws when the worker does not answer. */
@FunctionalInterface
public interface WorkerProbe {
    WorkerSample probe(String workerId) throws Exception;
}
