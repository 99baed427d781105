package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.JobFollower;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;

import java.util.concurrent.Executor;

/**
 * Follows one deploy or undeploy job at a time: its events, in order and on the UI thread, into
 * the {@link DeployTracker} (progress, each VM's state, the rollback, the outcome). Following
 * another job, or stopping, closes the stream, and what it still delivers is dropped.
 */
final class DeployFollower {
    /** How a followed job ends for the session. */
    interface Ends {
        /** The job's Finished event is in the tracker; the slice's status settles on the server. */
        void finished();

        /** The stream broke before the job finished (the server went away, the session ended). */
        void lost(ClientException e);
    }

    private final DeployTracker tracker;
    private final Executor ui;
    /** The job followed now (a token per follow) and its stream; both touched on the UI thread only. */
    private Object following;
    private AutoCloseable stream;

    DeployFollower(DeployTracker tracker, Executor ui) {
        this.tracker = tracker;
        this.ui = ui;
    }

    void follow(OlimpusClient client, long jobId, Ends ends) {
        stop();
        Object token = new Object();
        following = token;
        stream = client.followJob(jobId, new JobFollower.Listener() {
            @Override public void onEvent(Wire.JobEvent e) {
                ui.execute(() -> { if (following == token) apply(e, ends); });
            }

            @Override public void onFailure(ClientException e) {
                ui.execute(() -> { if (following == token) { stop(); ends.lost(e); } });
            }
        });
    }

    void stop() {
        following = null;
        if (stream == null) return;
        try {
            stream.close();
        } catch (Exception ignored) {
            // already closed
        }
        stream = null;
    }

    private void apply(Wire.JobEvent e, Ends ends) {
        // Resources created and deleted need nothing here: the progress step already says what.
        if (e.event() instanceof Wire.DeployEvent.Progress p) tracker.progress(p.done(), p.total(), p.step());
        else if (e.event() instanceof Wire.DeployEvent.VmChanged v) tracker.vmChanged(v.vmId(), v.vmName(), v.state().name(), v.detail());
        else if (e.event() instanceof Wire.DeployEvent.RollingBack r) tracker.rollingBack(r.reason());
        else if (e.event() instanceof Wire.DeployEvent.Finished f) {
            tracker.finished(f.outcome().name(), f.message());
            stop();
            ends.finished();
        }
    }
}
