package io.olimpus.desktop.console;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A VM's console through the headnode (the client's WebSocket to {@code /slices/{id}/vms/{vm}/console})
 * as the viewer's {@link ConsolePipe}:
 * {@code ConsoleWindow.open(owner, "ring / vm1", new ServerConsolePipe(client, sliceId, "vm1"))}.
 * A normal close (1000) is {@link Listener#closed}; any other close code (e.g. the server's 4404
 * "VM has no console") or a failure is {@link Listener#failed} with the server's reason.
 */
public final class ServerConsolePipe implements ConsolePipe {
    private final OlimpusClient client;
    private final long sliceId;
    private final String vm;
    private volatile io.olimpus.client.ConsolePipe socket;
    private volatile boolean closing;

    private final boolean serial, watch;

    /** The VM's graphical console (RFB). */
    public ServerConsolePipe(OlimpusClient client, long sliceId, String vm) {
        this(client, sliceId, vm, false, false);
    }

    private ServerConsolePipe(OlimpusClient client, long sliceId, String vm, boolean serial, boolean watch) {
        this.client = client;
        this.sliceId = sliceId;
        this.vm = vm;
        this.serial = serial;
        this.watch = watch;
    }

    /** The VM's serial console (terminal bytes, {@code /slices/{id}/vms/{vm}/serial}). */
    public static ServerConsolePipe serial(OlimpusClient client, long sliceId, String vm) {
        return new ServerConsolePipe(client, sliceId, vm, true, false);
    }

    /** The VM's graphical console watched read-only ({@code .../console-watch}: the server drops keys and clicks). */
    public static ServerConsolePipe watch(OlimpusClient client, long sliceId, String vm) {
        return new ServerConsolePipe(client, sliceId, vm, false, true);
    }

    /** The VM's serial console watched read-only ({@code .../serial-watch}: the server passes nothing typed). */
    public static ServerConsolePipe watchSerial(OlimpusClient client, long sliceId, String vm) {
        return new ServerConsolePipe(client, sliceId, vm, true, true);
    }

    @Override
    public void open(Listener listener) {
        AtomicBoolean ended = new AtomicBoolean();       // the viewer hears one end, whatever OkHttp reports after it
        var heard = new io.olimpus.client.ConsolePipe.Listener() {
            @Override
            public void onBytes(byte[] bytes) { listener.received(bytes); }

            @Override
            public void onClosed(int code, String reason) {
                if (ended.getAndSet(true)) return;
                String why = reason == null || reason.isBlank() ? "closed (" + code + ")" : reason;
                if (code == 1000 || closing) listener.closed(why);
                else listener.failed(new IOException(why));
            }

            @Override
            public void onFailure(ClientException e) {
                if (ended.getAndSet(true)) return;
                if (closing) listener.closed("closed");
                else listener.failed(e);
            }
        };
        socket = watch ? (serial ? client.watchSerialConsole(sliceId, vm, heard) : client.watchConsole(sliceId, vm, heard))
                : serial ? client.openSerialConsole(sliceId, vm, heard) : client.openConsole(sliceId, vm, heard);
        if (closing) socket.close();
    }

    @Override
    public void send(byte[] bytes) {
        var s = socket;
        if (s != null) s.send(bytes);
    }

    @Override
    public void close() {
        closing = true;
        var s = socket;
        if (s != null) s.close();
    }
}
