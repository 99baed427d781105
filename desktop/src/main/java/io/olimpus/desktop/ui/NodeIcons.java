package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.ImageFamily;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The glyphs painted inside a node and the badges around it, in world units around the node's
 * centre (the canvas has set its transform). Each state has its own shape, not only its own
 * colour: selection a halo with corner ticks, a warning a triangle, an error a round badge with a
 * cross, a failed VM a broken (dashed) outline.
 */
final class NodeIcons {
    private NodeIcons() {}

    private static final Font BADGE = Font.font(null, FontWeight.BOLD, 9);
    private static final Font SIGN = Font.font(null, FontWeight.BOLD, 10);

    /** The glyph inside a VM's box for its image family, drawn in {@code ink}. */
    static void vmGlyph(GraphicsContext g, ImageFamily f, double x, double y, Color ink) {
        g.setStroke(ink);
        g.setFill(ink);
        g.setLineWidth(1.5);
        switch (f) {
            case ROUTER -> router(g, x, y);
            case WINDOWS -> {
                g.fillRect(x - 9, y - 9, 8, 8);
                g.fillRect(x + 1, y - 9, 8, 8);
                g.fillRect(x - 9, y + 1, 8, 8);
                g.fillRect(x + 1, y + 1, 8, 8);
            }
            case CIRROS -> {
                // A small cloud: the test image of clouds.
                g.strokeOval(x - 10, y - 3, 10, 9);
                g.strokeOval(x - 4, y - 8, 11, 11);
                g.strokeOval(x + 2, y - 2, 9, 8);
            }
            case GENERIC -> monitor(g, x, y);
            default -> {
                monitor(g, x, y);
                g.setFont(BADGE);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(f.badge(), x, y - 2);
            }
        }
    }

    /** A monitor: screen and stand (a computer of no family in particular). */
    private static void monitor(GraphicsContext g, double x, double y) {
        g.strokeRect(x - 9, y - 8, 18, 12);
        g.strokeLine(x, y + 4, x, y + 9);
        g.strokeLine(x - 5, y + 9, x + 5, y + 9);
    }

    /** The usual router symbol: four arrows, two in and two out. */
    private static void router(GraphicsContext g, double x, double y) {
        g.strokeOval(x - 11, y - 11, 22, 22);
        arrow(g, x - 3, y - 3, x - 9, y - 9);
        arrow(g, x + 3, y + 3, x + 9, y + 9);
        arrow(g, x + 9, y - 9, x + 3, y - 3);
        arrow(g, x - 9, y + 9, x - 3, y + 3);
    }

    private static void arrow(GraphicsContext g, double x0, double y0, double x1, double y1) {
        g.strokeLine(x0, y0, x1, y1);
        double a = Math.atan2(y1 - y0, x1 - x0), h = 3.5;
        g.strokeLine(x1, y1, x1 - h * Math.cos(a - 0.6), y1 - h * Math.sin(a - 0.6));
        g.strokeLine(x1, y1, x1 - h * Math.cos(a + 0.6), y1 - h * Math.sin(a + 0.6));
    }

    /** Selected: a halo and four corner ticks outside it (readable in grey scale too). */
    static void selected(GraphicsContext g, double x, double y, double r, Color c) {
        g.setFill(c);
        g.fillRoundRect(x - r - 5, y - r - 5, 2 * r + 10, 2 * r + 10, 14, 14);
        g.setStroke(c);
        g.setLineWidth(2.5);
        double o = r + 9, k = 7;
        for (int sx = -1; sx <= 1; sx += 2)
            for (int sy = -1; sy <= 1; sy += 2) {
                g.strokeLine(x + sx * o, y + sy * o, x + sx * (o - k), y + sy * o);
                g.strokeLine(x + sx * o, y + sy * o, x + sx * o, y + sy * (o - k));
            }
    }

    /** A warning: a dashed ring and a triangle with "!" at the top-left corner. */
    static void warning(GraphicsContext g, double x, double y, double r, Color c, Color ink) {
        g.setStroke(c);
        g.setLineWidth(2.5);
        g.setLineDashes(5, 4);
        g.strokeOval(x - r - 7, y - r - 7, 2 * r + 14, 2 * r + 14);
        g.setLineDashes();
        double bx = x - r - 2, by = y - r - 2;
        g.setFill(c);
        g.fillPolygon(new double[]{bx, bx - 8, bx + 8}, new double[]{by - 8, by + 6, by + 6}, 3);
        sign(g, "!", bx, by + 1.5, ink);
    }

    /** An error: a solid ring and a round badge with a cross at the top-left corner. */
    static void error(GraphicsContext g, double x, double y, double r, Color c, Color ink) {
        g.setStroke(c);
        g.setLineWidth(3);
        g.strokeOval(x - r - 7, y - r - 7, 2 * r + 14, 2 * r + 14);
        double bx = x - r - 2, by = y - r - 2;
        g.setFill(c);
        g.fillOval(bx - 7, by - 7, 14, 14);
        g.setStroke(ink);
        g.setLineWidth(2);
        g.strokeLine(bx - 3, by - 3, bx + 3, by + 3);
        g.strokeLine(bx - 3, by + 3, bx + 3, by - 3);
    }

    /** A failed VM: a broken outline and a square badge with a cross at the bottom-right corner. */
    static void failed(GraphicsContext g, double x, double y, double r, Color c, Color ink) {
        g.setStroke(c);
        g.setLineWidth(3);
        g.setLineDashes(3, 3);
        g.strokeRect(x - r - 6, y - r - 6, 2 * r + 12, 2 * r + 12);
        g.setLineDashes();
        double bx = x + r + 1, by = y + r + 1;
        g.setFill(c);
        g.fillRect(bx - 7, by - 7, 14, 14);
        g.setStroke(ink);
        g.setLineWidth(2);
        g.strokeLine(bx - 3, by - 3, bx + 3, by + 3);
        g.strokeLine(bx - 3, by + 3, bx + 3, by - 3);
    }

    /** A running VM: a small "play" triangle at the bottom-right corner. */
    static void running(GraphicsContext g, double x, double y, double r, Color c, Color ink) {
        double bx = x + r + 1, by = y + r + 1;
        g.setFill(c);
        g.fillOval(bx - 7, by - 7, 14, 14);
        g.setFill(ink);
        g.fillPolygon(new double[]{bx - 2.5, bx - 2.5, bx + 4}, new double[]{by - 4, by + 4, by}, 3);
    }

    private static void sign(GraphicsContext g, String s, double x, double y, Color ink) {
        g.setFill(ink);
        g.setFont(SIGN);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(s, x, y);
    }
}
