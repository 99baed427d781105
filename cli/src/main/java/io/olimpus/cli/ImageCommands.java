package io.olimpus.cli;

import io.olimpus.client.ClientException;
import io.olimpus.client.ImageUpload;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** Images: add from local files (streamed, with a progress bar and the checksum checked), list, delete. */
@Command(name = "image", description = "VM images: add from a file, list, delete.")
final class ImageCommands {
    /** Its subcommands, added only when the command line names this group (see Cli.expand). */
    static final Class<?>[] COMMANDS = {ImageCommands.Add.class, ImageCommands.ListImages.class, ImageCommands.Delete.class};

    @ParentCommand Cli root;

    @Command(name = "add", description = {"Upload an image (admins): a qcow2 or raw disk, or a kernel then its initrd.",
            "The server reads the format from the bytes; the SHA-256 it computed is checked against this file's."})
    static final class Add implements Callable<Integer> {
        @ParentCommand ImageCommands images;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", arity = "1..2", paramLabel = "FILE", description = "A disk; or a kernel and an initrd.") List<Path> files;

        @Override
        public Integer call() throws IOException {
            Cli root = images.root;
            OlimpusClient c = root.client();
            Wire.Image img = null;
            for (Path f : files) {
                if (!Files.isRegularFile(f)) throw new CliFailure(Cli.USAGE, root.msg.get("noFile", f));
                String sha = sha256(f);
                Bar bar = new Bar(root.format != Output.Format.table ? root.env.err() : root.env.out(), root.env.terminal(), f.getFileName().toString());
                try {
                    img = c.uploadImage(name, f, bar::sent).result().join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof ClientException ce) throw ce;
                    throw e;
                } finally {
                    bar.end();
                }
                boolean matches = img.files() != null && img.files().stream().anyMatch(x -> sha.equalsIgnoreCase(x.sha256()));
                if (!matches) throw new CliFailure(Cli.FAILED, root.msg.get("checksumMismatch", f, sha));
                if (!root.out().forScripts()) root.env.out().println(root.msg.get("uploaded", f.getFileName(), Files.size(f), sha));
            }
            root.out().say(img, root.msg.get("imageReady", img.name(), img.kind(), img.diskFormat() == null ? "-" : img.diskFormat(), img.ready()));
            return Cli.OK;
        }
    }

    static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** An upload's progress: redrawn in place on a terminal, else one line at each quarter. */
    static final class Bar {
        private final PrintStream screen;
        private final boolean redraw;
        private final String label;
        private int shown = -1;

        Bar(PrintStream screen, boolean redraw, String label) {
            this.screen = screen;
            this.redraw = redraw;
            this.label = label;
        }

        synchronized void sent(long bytes, long total) {
            int pct = total == 0 ? 100 : (int) (100 * bytes / total);
            if (redraw) {
                if (pct == shown) return;
                int filled = pct * 30 / 100;
                screen.print("\r" + label + " [" + "#".repeat(filled) + "-".repeat(30 - filled) + "] " + pct + "%");
                screen.flush();
            } else {
                if (pct / 25 == shown / 25 && shown >= 0) return;
                screen.println(label + " " + pct + "%");
            }
            shown = pct;
        }

        synchronized void end() {
            if (redraw && shown >= 0) screen.println();
        }
    }

    @Command(name = "list", description = "List images.")
    static final class ListImages implements Callable<Integer> {
        @ParentCommand ImageCommands images;

        @Override
        public Integer call() {
            List<Wire.Image> all = images.root.client().images();
            Output.Table t = new Output.Table("NAME", "KIND", "FORMAT", "READY", "SIZE", "SHA256");
            for (Wire.Image i : all)
                t.row(i.name(), i.kind(), i.diskFormat(), i.ready() ? "yes" : "no", i.sizeBytes(),
                        i.files() == null ? null : i.files().stream().map(f -> f.sha256() == null ? "-" : f.sha256().substring(0, Math.min(12, f.sha256().length())))
                                .collect(Collectors.joining(",")));
            images.root.out().print(all, t);
            return Cli.OK;
        }
    }

    @Command(name = "delete", description = "Delete an image (admins; refused while a slice uses it).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand ImageCommands images;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            images.root.client().deleteImage(name);
            images.root.out().say(Map.of("deleted", name), images.root.msg.get("imageDeleted", name));
            return Cli.OK;
        }
    }
}
