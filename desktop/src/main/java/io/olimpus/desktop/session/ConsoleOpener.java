package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.console.ConsoleWindow;
import io.olimpus.desktop.console.ServerConsolePipe;
import io.olimpus.desktop.ui.Msg;
import javafx.stage.Window;

/**
 * Opens a VM's console: the desktop's VNC viewer in its own window, fed by the server's console
 * WebSocket (the server forwards it to the VM's display). Zones with a console page of their own
 * (a cloud's noVNC) open in the browser instead; {@link SliceViewModel} decides which.
 */
final class ConsoleOpener {
    private ConsoleOpener() {}

    static ConsoleWindow open(Window owner, OlimpusClient client, long sliceId, String vm) {
        return ConsoleWindow.open(owner, Msg.fmt("console.title", vm), new ServerConsolePipe(client, sliceId, vm));
    }

    /** The VM's serial console as a text terminal in its own window. */
    static io.olimpus.desktop.console.SerialTerminalWindow openTerminal(Window owner, OlimpusClient client, long sliceId, String vm) {
        return io.olimpus.desktop.console.SerialTerminalWindow.open(owner, Msg.fmt("terminal.title", vm), ServerConsolePipe.serial(client, sliceId, vm));
    }

    /** A student's VM's console, watched read-only (an instructor): marked so, and the server passes no key or click. */
    static ConsoleWindow watch(Window owner, OlimpusClient client, long sliceId, String student, String vm) {
        return ConsoleWindow.open(owner, Msg.fmt("watch.title", student, vm), ServerConsolePipe.watch(client, sliceId, vm), true);
    }

    /** A student's VM's serial console, watched read-only. */
    static io.olimpus.desktop.console.SerialTerminalWindow watchTerminal(Window owner, OlimpusClient client, long sliceId, String student, String vm) {
        return io.olimpus.desktop.console.SerialTerminalWindow.open(owner, Msg.fmt("watch.terminal.title", student, vm),
                ServerConsolePipe.watchSerial(client, sliceId, vm), true);
    }
}
