package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.Msg;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The session's link to one headnode: the client while logged in, and the calls made with it,
 * each run on {@code background} with its answer handed to {@code ui}, the only thread where
 * the view models change. Shared by the session and the open slice, so both count in "a call is
 * on its way".
 */
final class Connection {
    private final Settings settings;
    private final Executor background, ui;
    private final BooleanProperty connected = new SimpleBooleanProperty(this, "connected");
    private final BooleanProperty calling = new SimpleBooleanProperty(this, "calling");
    private OlimpusClient client;
    private int inFlight;

    Connection(Settings settings, Executor background, Executor ui) {
        this.settings = settings;
        this.background = background;
        this.ui = ui;
    }

    /** The client of the server logged in to; after the session ended, still the one it was (for its address). */
    OlimpusClient client() { return client; }
    ReadOnlyBooleanProperty connectedProperty() { return connected; }
    ReadOnlyBooleanProperty callingProperty() { return calling; }
    Executor ui() { return ui; }

    /** Logged in with {@code c}: it replaces (and closes) the client before it. */
    void open(OlimpusClient c) {
        if (client != null) client.close();
        client = c;
        connected.set(true);
    }

    /** The server ended the session: no more calls until the next login. */
    void lost() { connected.set(false); }

    /** Logged out: returns the client, which the caller closes once it said goodbye. */
    OlimpusClient drop() {
        OlimpusClient c = client;
        client = null;
        connected.set(false);
        return c;
    }

    /** Runs {@code work} with the client on the background; {@code ok} or {@code failed} then run on the UI thread. */
    <T> void call(Function<OlimpusClient, T> work, Consumer<T> ok, Consumer<Throwable> failed) {
        OlimpusClient c = client;
        if (c == null) {
            failed.accept(new IllegalStateException(Msg.get("conn.offline")));
            return;
        }
        inFlight++;
        calling.set(true);
        run(() -> work.apply(c), (v, err) -> {
            inFlight--;
            calling.set(inFlight > 0);
            if (err == null) ok.accept(v);
            else failed.accept(Failures.unwrap(err));
        });
    }

    /** Runs {@code work} on the background (not counted as a call: a login, a logout); {@code then} runs on the UI thread. */
    <T> void run(Supplier<T> work, BiConsumer<T, Throwable> then) {
        CompletableFuture.supplyAsync(work, background).whenComplete((v, err) -> ui.execute(() -> then.accept(v, err)));
    }

    /** What went wrong, said with the address of the server (the one logged in to, or the remembered one). */
    String describe(Throwable err) {
        return Failures.describe(err, client != null ? client.address() : settings.serverUrl());
    }
}
