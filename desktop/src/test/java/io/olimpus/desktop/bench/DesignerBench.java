package io.olimpus.desktop.bench;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.layout.GraphLayouts;
import io.olimpus.desktop.layout.LayoutKind;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.NodeLook;
import io.olimpus.model.file.Presentation;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.prefs.Preferences;

/**
 * Scripted measurement for docs/benchmarks.md: 1,000 VMs and 1,500 links in the software
 * pipeline. A frame is timed from the change (pan, or a drag event on one node) to a finished
 * rasterisation of the drawing area (a snapshot of the clipped TopologyCanvas region, so a pan
 * that only moves the canvas node is measured as what the user sees) and, separately, of the
 * whole window ({@code scene.snapshot}); both render through the same prism sw pipeline as the
 * screen, so they include the canvas replay, not just our paint calls. Every snapshot makes the
 * next pulse of the shown window repaint all of it, and a frame that meets that repaint waits
 * for it: see docs/benchmarks.md for how much of a pan frame that is.
 * The same frame is also timed for a scene-graph drawing (one Line/Rectangle/Text per element)
 * to justify the canvas. Run: mvn -B -ntp -pl desktop -am -Pdesktop-bench verify -DskipTests
 */
public final class DesignerBench {
    static final int VMS = 1000, LINKS = 1500, WARMUP = 30, RUNS = 100;

    public static void main(String[] args) throws Exception {
        System.out.printf("prism.order=%s glass.platform=%s, JDK %s%n", System.getProperty("prism.order"),
                System.getProperty("glass.platform"), System.getProperty("java.version"));
        TopologyDocument doc = bigDocument();
        System.out.printf("topology: %d VMs, %d links%n%n", doc.topology().vms().size(), doc.topology().links().size());

        boolean framesOnly = Arrays.asList(args).contains("frames"); // quicker runs while tuning
        if (!framesOnly) layouts(doc);

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        Msg.use(Locale.ENGLISH);
        Preferences prefs = Preferences.userRoot().node("io/olimpus/desktop-bench");
        DesignerViewModel vm = new DesignerViewModel(LocalCatalog.bundled());
        Stage[] stage = new Stage[1];
        MainWindow window = fx(() -> {
            vm.replace(doc, null);
            MainWindow w = new MainWindow(vm, new Settings(prefs), l -> {}, () -> {});
            stage[0] = new Stage();
            stage[0].setScene(new Scene(w, 1280, 800));
            stage[0].show();
            return w;
        });
        TopologyCanvas canvas = window.canvas();
        fx(() -> { canvas.setView(0.6, 0, 0); return null; });
        Scene scene = stage[0].getScene();

        System.out.println("| frame, 1,000 VMs + 1,500 links, prism sw | change ms (median) | drawing-area frame ms (median / p95 / max) | window frame ms (median / p95 / max) |");
        System.out.println("|---|---|---|---|");
        report("nothing changed (cost of the measurement: a 1280×800 window snapshot)", frames(scene, canvas, () -> {}));
        // Zoomed to 0.6 the names are drawn and about a sixth of the drawing is in view; fitted, all of it.
        pan(scene, canvas, "canvas: pan by dragging, zoom 0.6 (names drawn)", 2);
        pan(scene, canvas, "canvas: fast pan (20 px right, 10 down per event), zoom 0.6", 20);
        pan(scene, canvas, "canvas: pan that used up the margin (view + 128 px painted again), zoom 0.6", 0);
        fx(() -> { canvas.fit(); return null; });
        pan(scene, canvas, "canvas: pan by dragging, whole drawing fitted", 2);
        pan(scene, canvas, "canvas: fast pan (20 px right, 10 down per event), whole drawing fitted", 20);
        pan(scene, canvas, "canvas: pan that used up the margin (view + 128 px painted again), whole drawing fitted", 0);
        report("canvas: full repaint, whole drawing fitted (zoom, edit)", frames(scene, canvas, canvas::redraw));
        if (framesOnly) { Platform.exit(); System.exit(0); }
        double[] f = {1.02};
        report("canvas: zoom step, whole drawing fitted", frames(scene, canvas, () -> {
            f[0] = 1 / f[0];
            canvas.zoomAt(f[0], 400, 300);
        }));
        fx(() -> { canvas.setView(0.6, 0, 0); return null; });
        report("canvas: full repaint, zoom 0.6", frames(scene, canvas, canvas::redraw));
        fx(() -> { canvas.fit(); return null; });

        String nodeId = doc.topology().nodes().get(VMS / 2).id();
        Point2D p = fx(() -> canvas.worldToLocal(vm.position(nodeId)));
        fx(() -> { Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_PRESSED, MouseButton.PRIMARY, p.getX(), p.getY())); return null; });
        double[] dx = {0};
        report("canvas: drag one node, whole drawing fitted", frames(scene, canvas, () -> {
            dx[0] += 1;
            Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_DRAGGED, MouseButton.PRIMARY, p.getX() + dx[0], p.getY()));
        }));
        fx(() -> { Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_RELEASED, MouseButton.PRIMARY, p.getX() + dx[0], p.getY())); return null; });

        // The alternative: one scene-graph node per element, panned by translating the group, in a
        // clipped pane the size of the canvas, in place of the canvas in the same window.
        double cw = canvas.getWidth(), ch = canvas.getHeight();
        Group g = fx(() -> sceneGraph(doc));
        javafx.scene.layout.Pane view = fx(() -> {
            javafx.scene.layout.Pane pane = new javafx.scene.layout.Pane(g);
            pane.setPrefSize(cw, ch);
            pane.setMinSize(cw, ch);
            pane.setMaxSize(cw, ch);
            pane.setClip(new Rectangle(cw, ch));
            javafx.scene.layout.StackPane centre = (javafx.scene.layout.StackPane) canvas.getParent();
            centre.getChildren().set(0, pane);
            return pane;
        });
        report("scene graph: pan, zoom 0.6 (names drawn)", frames(scene, view, () -> g.setTranslateX(g.getTranslateX() + 1)));
        Rectangle r = (Rectangle) g.getChildren().get(LINKS + VMS / 2);
        report("scene graph: move one node (its links not even following)", frames(scene, view, () -> r.setX(r.getX() + 1)));

        prefs.removeNode();
        Platform.exit();
        System.exit(0);
    }

    private static void layouts(TopologyDocument doc) {
        System.out.println("| layout of 1,000 VMs / 1,500 links (JGraphX, off the FX thread) | median ms | min ms |");
        System.out.println("|---|---|---|");
        for (LayoutKind k : LayoutKind.values()) {
            int runs = k == LayoutKind.ORGANIC || k == LayoutKind.HIERARCHICAL ? 3 : 7;
            GraphLayouts.layout(doc.topology(), k); // warm-up
            double[] t = new double[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                GraphLayouts.layout(doc.topology(), k);
                t[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(t);
            System.out.printf("| %s | %.0f | %.0f |%n", k.name().toLowerCase(), t[runs / 2], t[0]);
        }
        System.out.println();

    }

    /** Back and forth between 0 and {@code span}, so every event of a drag moves the same distance. */
    private static double zigzag(double v, double span) {
        double p = v % (2 * span);
        return p <= span ? p : 2 * span - p;
    }

    /**
     * A middle-button drag moving {@code step} pixels sideways and half that up or down per event;
     * with {@code step} 0, a pan in progress whose canvas is painted again every frame (what a pan
     * costs each time it has used up the canvas's margin).
     */
    private static void pan(Scene scene, TopologyCanvas canvas, String what, int step) throws Exception {
        double x0 = 400, y0 = 300;
        fx(() -> {
            Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_PRESSED, MouseButton.MIDDLE, x0, y0));
            Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_DRAGGED, MouseButton.MIDDLE, x0 + 1, y0));
            return null;
        });
        double[] d = {1};
        report(what, frames(scene, canvas, step == 0 ? canvas::redraw : () -> {
            d[0] += step;
            Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_DRAGGED, MouseButton.MIDDLE, x0 + zigzag(d[0], 300), y0 + zigzag(d[0] / 2, 200)));
        }));
        fx(() -> { Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_RELEASED, MouseButton.MIDDLE, x0, y0)); return null; });
    }

    private static void report(String what, double[][] t) {
        System.out.printf("| %s | %.2f | %s | %s |%n", what, median(t[0]), t[1] == null ? "–" : spread(t[1]), spread(t[2]));
        if (Boolean.getBoolean("bench.tail") && t[1] != null) {
            double[] c = t[1].clone(); Arrays.sort(c);
            System.out.println("  worst drawing-area frames: " + Arrays.toString(Arrays.copyOfRange(c, c.length - 10, c.length)));
            StringBuilder seq = new StringBuilder();
            for (double v : t[1]) seq.append(v > 10 ? "#" : ".");
            System.out.println("  frames over 10 ms in order: " + seq);
        }
    }

    private static String spread(double[] t) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", median(t), pct(t, 0.95), Arrays.stream(t).max().orElse(0));
    }

    /**
     * Times {@code change} alone (paint), change + rendering the canvas (canvas frame) and change +
     * rendering the whole window (window frame), each over its own run of frames. The change alone
     * is taken from the canvas run (or the window run when there is no canvas).
     */
    private static double[][] frames(Scene scene, javafx.scene.Node canvas, Runnable change) throws Exception {
        double[] paint = new double[RUNS], canvasFrame = canvas == null ? null : new double[RUNS], frame = new double[RUNS];
        WritableImage[] into = new WritableImage[2];
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 0 && canvas == null) continue;
            for (int i = 0; i < WARMUP + RUNS; i++) {
                int k = i - WARMUP;
                boolean whole = pass == 1;
                settle();
                double[] r = fx(() -> {
                    long s = System.nanoTime();
                    change.run();
                    long m = System.nanoTime();
                    // Into the same image each time (as the screen would): a new 2-4 MB image per
                    // frame made the garbage collector, not the frame, set the p95.
                    if (whole) into[1] = scene.snapshot(into[1]);
                    else into[0] = canvas.snapshot(null, into[0]);
                    long e = System.nanoTime();
                    return new double[]{(m - s) / 1e6, (e - s) / 1e6};
                });
                if (k >= 0) {
                    if (!whole || canvas == null) paint[k] = r[0];
                    if (whole) frame[k] = r[1]; else canvasFrame[k] = r[1];
                }
            }
        }
        return new double[][]{paint, canvasFrame, frame};
    }

    /**
     * Lets the window's pulses run until the render thread is idle: a snapshot makes the next
     * pulse repaint the whole shown window (15-30 ms here), and a timed frame that started while
     * that repaint ran would wait for it, measuring the previous frame's measurement.
     */
    private static void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        fx(() -> {
            new javafx.animation.AnimationTimer() {
                int pulses;
                @Override public void handle(long now) {
                    // The third pulse starts once the first one's rendering has finished.
                    if (++pulses == 3) { stop(); done.complete(null); }
                }
            }.start();
            return null;
        });
        done.get();
    }

    private static double median(double[] v) { double[] c = v.clone(); Arrays.sort(c); return c[c.length / 2]; }

    private static double pct(double[] v, double q) { double[] c = v.clone(); Arrays.sort(c); return c[(int) Math.min(c.length - 1, Math.round(q * (c.length - 1)))]; }

    private static MouseEvent mouse(javafx.event.EventType<MouseEvent> type, MouseButton b, double x, double y) {
        return new MouseEvent(type, x, y, x, y, b, 1, false, false, false, false,
                b == MouseButton.PRIMARY, b == MouseButton.MIDDLE, false, false, false, false, null);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try { f.complete(c.call()); } catch (Throwable t) { f.completeExceptionally(t); }
        });
        return f.get();
    }

    /** 1,000 VMs on a grid, a ring through all of them plus 500 chords: 1,500 links. */
    public static TopologyDocument bigDocument() {
        List<Node> nodes = new ArrayList<>(VMS);
        Map<String, NodeLook> looks = new LinkedHashMap<>();
        int cols = 40;
        for (int i = 0; i < VMS; i++) {
            String id = "n" + (i + 1);
            nodes.add(Node.vm(id, "vm" + (i + 1), VmSpec.of("tiny", "cirros")));
            looks.put(id, NodeLook.at(80 + (i % cols) * 90, 80 + (i / cols) * 90));
        }
        List<Link> links = new ArrayList<>(LINKS);
        for (int i = 0; i < VMS; i++) links.add(new Link("l" + (links.size() + 1), "n" + (i + 1), "n" + ((i + 1) % VMS + 1)));
        for (int i = 0; links.size() < LINKS; i += 2)
            links.add(new Link("l" + (links.size() + 1), "n" + (i + 1), "n" + ((i + cols) % VMS + 1)));
        return new TopologyDocument(new Topology("big", null, nodes, links), new Presentation(looks, List.of()));
    }

    private static Group sceneGraph(TopologyDocument doc) {
        Group g = new Group();
        Map<String, NodeLook> looks = doc.presentation().nodes();
        for (Link l : doc.topology().links()) {
            NodeLook a = looks.get(l.a()), b = looks.get(l.b());
            Line line = new Line(a.x(), a.y(), b.x(), b.y());
            line.setStroke(Color.GRAY);
            g.getChildren().add(line);
        }
        for (Node n : doc.topology().nodes()) {
            NodeLook l = looks.get(n.id());
            Rectangle r = new Rectangle(l.x() - 18, l.y() - 18, 36, 36);
            r.setArcWidth(10);
            r.setArcHeight(10);
            r.setFill(Color.web("#3b82f6"));
            g.getChildren().add(r);
        }
        for (Node n : doc.topology().nodes()) {
            NodeLook l = looks.get(n.id());
            g.getChildren().add(new Text(l.x() - 12, l.y() + 32, n.name()));
        }
        g.setScaleX(0.6);
        g.setScaleY(0.6);
        return g;
    }
}
