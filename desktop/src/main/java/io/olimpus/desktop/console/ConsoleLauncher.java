package io.olimpus.desktop.console;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the console viewer on a local VNC server, without the headnode: {@code unix:PATH} (e.g.
 * QEMU's {@code -vnc unix:PATH}, or a socket forwarded with {@code ssh -L}) or {@code HOST:PORT}.
 * For admins on a worker, and for screenshots of the viewer.
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ConsoleLauncher unix:/path/to/vnc.sock | HOST:PORT");
            System.exit(2);
        }
        try {
            address(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        Application.launch(App.class, args);
    }

    /** Parses {@code unix:PATH} or {@code HOST:PORT}. */
    static SocketAddress address(String spec) {
        if (spec.startsWith("unix:")) {
            Path p = Path.of(spec.substring(5));
            if (!Files.exists(p)) throw new IllegalArgumentException("no socket at " + p);
            return UnixDomainSocketAddress.of(p);
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected unix:PATH or HOST:PORT, got '" + spec + "'");
        try {
            int port = Integer.parseInt(spec.substring(colon + 1));
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(spec.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + spec + "'");
        }
    }

    /** The viewer as an application of its own; it ends when its window closes. */
    public static final class App extends Application {
        @Override
        public void start(Stage ignored) throws Exception {
            String spec = getParameters().getRaw().get(0);
            ConsoleWindow w = ConsoleWindow.open(null, "Olimpus console \u2014 " + spec, SocketConsolePipe.connect(address(spec)));
            w.stage().setOnHidden(e -> { w.view().close(); Platform.exit(); });
        }
    }
}
