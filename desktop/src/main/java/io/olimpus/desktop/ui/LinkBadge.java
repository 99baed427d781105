package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.LinkImpairment.Property;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The mark of an impaired link on the canvas (#17): a small orange pill beside the link's middle
 * with its values, "50±5 ms · 1 % · 10 Mbit/s", so a lab's bad links are seen without selecting
 * them. Beside, not on, the middle: the planned subnet's label sits there.
 */
final class LinkBadge {
    static final Color FILL = Color.web("#fdba74");
    private static final Color EDGE = Color.web("#ea8a00"), INK = Color.web("#1f2933");
    private static final Font FONT = Font.font(11);
    /** How far the pill's centre sits from the link's middle, across the link. */
    static final double OFFSET = 16;

    private LinkBadge() {}

    /** The pill's words, or null for a plain link. */
    static String text(LinkImpairment imp) {
        if (imp == null || !imp.impairs()) return null;
        List<String> parts = new ArrayList<>();
        if (imp.has(Property.DELAY))
            parts.add(LinkImpairment.format(imp.value(Property.DELAY)) + (imp.has(Property.JITTER) ? "±" + LinkImpairment.format(imp.value(Property.JITTER)) : "") + " ms");
        if (imp.has(Property.LOSS)) parts.add(LinkImpairment.format(imp.value(Property.LOSS)) + " %");
        if (imp.has(Property.RATE)) parts.add(LinkImpairment.format(imp.value(Property.RATE)) + " Mbit/s");
        return String.join(" · ", parts);
    }

    /** Where the pill's centre goes for a link from {@code a} to {@code b} (world units). */
    static Xy centre(Xy a, Xy b) {
        double dx = b.x() - a.x(), dy = b.y() - a.y(), len = Math.max(1e-9, Math.hypot(dx, dy));
        // Across the link, on its upper side (or the right of a vertical one), the same for either direction.
        double nx = -dy / len, ny = dx / len;
        if (ny > 0 || (ny == 0 && nx < 0)) { nx = -nx; ny = -ny; }
        if (Math.abs(ny) < 1e-9) { nx = Math.abs(nx); }
        return new Xy((a.x() + b.x()) / 2 + nx * OFFSET, (a.y() + b.y()) / 2 + ny * OFFSET);
    }

    /** Paints the pill of one link in world coordinates (the canvas's transform is set). */
    static void paint(GraphicsContext g, LinkImpairment imp, Xy a, Xy b) {
        String text = text(imp);
        if (text == null) return;
        Xy c = centre(a, b);
        double w = text.length() * 6.2 + 10, h = 16;
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(FILL);
        g.fillRoundRect(c.x() - w / 2, c.y() - h / 2, w, h, h, h);
        g.setStroke(EDGE);
        g.setLineWidth(1);
        g.strokeRoundRect(c.x() - w / 2, c.y() - h / 2, w, h, h, h);
        g.setFill(INK);
        g.fillText(text, c.x(), c.y());
    }
}
