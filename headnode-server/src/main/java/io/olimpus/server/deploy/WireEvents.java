package io.olimpus.server.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.json.StrictJson;
import io.olimpus.wire.Wire;

import java.io.UncheckedIOException;

/**
 * The engine's job events in their wire form. A job's events are stored as the JSON clients get
 * (polled in a JobView, or streamed), so a poll, a stream and a restarted server all say the same;
 * the engine keeps its own event types and never sees these.
 */
final class WireEvents {
    private WireEvents() {}

    static Wire.DeployEvent wire(DeployEvent e) {
        if (e instanceof DeployEvent.Progress p) return new Wire.DeployEvent.Progress(p.done(), p.total(), p.step());
        if (e instanceof DeployEvent.VmChanged v)
            return new Wire.DeployEvent.VmChanged(v.vmId(), v.vmName(), Wire.VmState.valueOf(v.state().name()), v.detail());
        if (e instanceof DeployEvent.ResourceCreated c) return new Wire.DeployEvent.ResourceCreated(wire(c.ref()));
        if (e instanceof DeployEvent.ResourceDeleted d) return new Wire.DeployEvent.ResourceDeleted(wire(d.ref()));
        if (e instanceof DeployEvent.RollingBack r) return new Wire.DeployEvent.RollingBack(r.reason());
        if (!(e instanceof DeployEvent.Finished f))
            throw new IllegalArgumentException("not an event of the stream: " + e.getClass().getSimpleName());
        return new Wire.DeployEvent.Finished(Wire.JobOutcome.valueOf(f.outcome().name()), f.message());
    }

    private static Wire.ResourceRef wire(ResourceRef r) {
        return new Wire.ResourceRef(r.kind(), r.name(), r.host(), r.owner(), r.teardownRank());
    }

    /** The stored (and sent) text of an event: {"type":"Progress","done":1,...}. */
    static String json(Wire.DeployEvent e) {
        try {
            return StrictJson.MAPPER.writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("cannot write event " + e, x);
        }
    }

    /** A stored event read back. */
    static Wire.DeployEvent read(String json) {
        try {
            return StrictJson.MAPPER.readValue(json, Wire.DeployEvent.class);
        } catch (JsonProcessingException x) {
            throw new UncheckedIOException("a stored job event cannot be read: " + json, x);
        }
    }
}
