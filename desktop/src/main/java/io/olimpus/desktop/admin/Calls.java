package io.olimpus.desktop.admin;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.control.Label;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the admin views' client calls on the client's background threads and brings the result
 * back to the FX thread; a failure is shown in the status line in the client's own words. The FX
 * thread never waits on the network.
 */
public final class Calls {
    final OlimpusClient client;
    private final Label status;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);

    public Calls(OlimpusClient client, Label status) {
        this.client = client;
        this.status = status;
    }

    /** Calls in flight (FX thread); tests wait for it to drop to zero. */
    public ReadOnlyIntegerProperty runningProperty() { return running.getReadOnlyProperty(); }

    public <T> void run(Supplier<T> call, Consumer<T> done) {
        java.util.concurrent.CompletableFuture<T> f;
        try {
            f = client.async(call);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            warn(Msg.get("admin.closed"));  // the client was closed (logged out); nothing to call any more
            return;
        }
        running.set(running.get() + 1);
        f.whenComplete((v, e) -> Platform.runLater(() -> {
            try {
                if (e == null) {
                    done.accept(v);
                } else {
                    fail(e);
                }
            } finally {
                running.set(running.get() - 1);
            }
        }));
    }

    public void act(Runnable call, Runnable done) {
        run(() -> {
            call.run();
            return Boolean.TRUE;
        }, v -> done.run());
    }

    public void say(String text) {
        status.getStyleClass().remove("admin-error");
        status.setText(text);
    }

    /** Shows a problem the admin can fix without asking the server (e.g. nothing selected). */
    public void warn(String text) {
        say(text);
        status.getStyleClass().add("admin-error");
    }

    public void fail(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        status.getStyleClass().remove("admin-error");
        status.getStyleClass().add("admin-error");
        if (t instanceof CancellationException) status.setText(Msg.get("admin.cancelled"));
        else if (t instanceof ClientException ce) status.setText(ce.getMessage());
        else status.setText(Msg.fmt("admin.unexpected", String.valueOf(t.getMessage())));
    }
}
