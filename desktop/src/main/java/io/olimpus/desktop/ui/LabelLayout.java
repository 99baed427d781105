package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import javafx.geometry.Rectangle2D;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a link's small labels (interface names, subnet) so that none covers another, a node, or
 * the text under a node (name, plan caption, flavor, addresses, state). Greedy and in world
 * units: each label takes the first free place among its candidates, in order of preference, and
 * is hidden when it has none (the same facts are in the node's own lines or its tooltip). Taken
 * places are kept in a coarse grid, so a screen full of labels stays cheap to lay out every frame.
 */
final class LabelLayout {
    static final double H = 14;
    /** Clearance kept between a label and the line it belongs to, or a node's edge. */
    private static final double GAP = 3;
    private static final double CELL = 64;
    /** How many times nearer its own link than any other a subnet label must be. */
    static final double CLEARLY_NEARER = 1.5;

    private final Map<Long, List<Rectangle2D>> taken = new HashMap<>();
    private final Map<Long, List<Xy>> nodes = new HashMap<>();
    private final double radius;
    private final List<Xy[]> links = new ArrayList<>();

    /**
     * @param blocks the text under each node, never covered
     * @param centres the nodes' centres; a label keeps {@code radius} away from each
     */
    LabelLayout(List<Rectangle2D> blocks, List<Xy> centres, double radius) {
        this.radius = radius;
        blocks.forEach(this::take);
        for (Xy c : centres) nodes.computeIfAbsent(key(cell(c.x()), cell(c.y())), k -> new ArrayList<>()).add(c);
    }

    private static long cell(double v) { return (long) Math.floor(v / CELL); }

    private static long key(long cx, long cy) { return (cx << 32) ^ (cy & 0xffffffffL); }

    private void take(Rectangle2D r) {
        for (long cx = cell(r.getMinX()); cx <= cell(r.getMaxX()); cx++)
            for (long cy = cell(r.getMinY()); cy <= cell(r.getMaxY()); cy++)
                taken.computeIfAbsent(key(cx, cy), k -> new ArrayList<>()).add(r);
    }

    /**
     * A link drawn: a subnet label goes only where it is clearly nearer its own link than any other
     * it is beside (a label about as near two links reads as either's: on a running ring one sat in
     * the ring's centre, a few pixels nearer its own).
     */
    void addLink(Xy a, Xy b) { links.add(new Xy[] {a, b}); }

    private boolean nearestTo(double x, double y, Xy a, Xy b) {
        double own = segDist(x, y, a, b);
        for (Xy[] l : links) {
            if (l[0].equals(a) && l[1].equals(b) || l[0].equals(b) && l[1].equals(a)) continue;
            if (besideDist(x, y, l[0], l[1]) < own * CLEARLY_NEARER) return false;
        }
        return true;
    }

    /**
     * How far (x, y) is from the link a–b when it is beside it (its foot falls between the ends);
     * infinitely far otherwise: a label off a link's end, e.g. past a node two links share, does
     * not read as that link's.
     */
    static double besideDist(double x, double y, Xy a, Xy b) {
        double dx = b.x() - a.x(), dy = b.y() - a.y(), len2 = dx * dx + dy * dy;
        if (len2 == 0) return Double.POSITIVE_INFINITY;
        double t = ((x - a.x()) * dx + (y - a.y()) * dy) / len2;
        if (t <= 0 || t >= 1) return Double.POSITIVE_INFINITY;
        return Math.abs((x - a.x()) * dy - (y - a.y()) * dx) / Math.sqrt(len2);
    }

    static double segDist(double x, double y, Xy a, Xy b) {
        double dx = b.x() - a.x(), dy = b.y() - a.y(), len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x()) * dx + (y - a.y()) * dy) / len2));
        return Math.hypot(a.x() + t * dx - x, a.y() + t * dy - y);
    }

    /** Whether a label box covers no taken place and keeps clear of every node. */
    boolean free(Rectangle2D box) {
        for (long cx = cell(box.getMinX() - radius); cx <= cell(box.getMaxX() + radius); cx++)
            for (long cy = cell(box.getMinY() - radius); cy <= cell(box.getMaxY() + radius); cy++) {
                long k = key(cx, cy);
                for (Xy c : nodes.getOrDefault(k, List.of())) if (hitsCircle(box, c, radius)) return false;
                if (cx < cell(box.getMinX()) || cx > cell(box.getMaxX()) || cy < cell(box.getMinY()) || cy > cell(box.getMaxY())) continue;
                for (Rectangle2D r : taken.getOrDefault(k, List.of())) if (r.intersects(box)) return false;
            }
        return true;
    }

    static boolean hitsCircle(Rectangle2D box, Xy c, double radius) {
        double nx = Math.max(box.getMinX(), Math.min(c.x(), box.getMaxX())), ny = Math.max(box.getMinY(), Math.min(c.y(), box.getMaxY()));
        return Math.hypot(nx - c.x(), ny - c.y()) < radius;
    }

    static Rectangle2D box(double x, double y, double w) { return new Rectangle2D(x - w / 2, y - H / 2, w, H); }

    /** How far a label's centre must be from a line of direction (ux, uy) for the label to clear it. */
    private static double sideOffset(double ux, double uy, double w) {
        return Math.abs(uy) * w / 2 + Math.abs(ux) * H / 2 + GAP;
    }

    /**
     * The interface label of {@code node}'s end of the link to {@code other}: as near that end as
     * there is room, on the line or beside it, and, when {@code shared} (the other end or the subnet
     * have labels too), within this node's half of the link. Takes the place; null when there is none.
     */
    Xy atEnd(Xy node, Xy other, double w, boolean shared) {
        double dx = other.x() - node.x(), dy = other.y() - node.y(), len = Math.hypot(dx, dy);
        if (len < 1) return null;
        double ux = dx / len, uy = dy / len;
        double along = Math.abs(ux) * w / 2 + Math.abs(uy) * H / 2;  // the label's half-extent along the link
        double end = shared ? len / 2 : len - TopologyCanvas.NODE / 2 - 4;
        double side = sideOffset(ux, uy, w);
        for (double d = TopologyCanvas.NODE / 2 + 4; d + along <= end; d += 2) {
            for (double off : new double[] {0, side, -side}) {
                double x = node.x() + ux * d - uy * off, y = node.y() + uy * d + ux * off;
                Rectangle2D b = box(x, y, w);
                if (free(b)) {
                    take(b);
                    return new Xy(x, y);
                }
            }
        }
        return null;
    }

    /**
     * A subnet label: beside the link at its midpoint, or the free place nearest to it, beside the
     * line (either side) or on it, between the two nodes, and nearer this link than any other. Takes the place; null when there is none.
     */
    Xy onLink(Xy a, Xy b, double w) {
        double dx = b.x() - a.x(), dy = b.y() - a.y(), len = Math.hypot(dx, dy);
        if (len < 1) return null;
        double ux = dx / len, uy = dy / len, side = sideOffset(ux, uy, w);
        record Candidate(double x, double y, double cost) {}
        List<Candidate> cs = new ArrayList<>();
        for (double t = 0.1; t <= 0.9001; t += 0.04) {
            double mx = a.x() + dx * t, my = a.y() + dy * t, shift = Math.abs(t - 0.5) * len;
            for (double k : new double[] {1, -1, 1.5, -1.5, 2, -2}) {
                double off = side * k;
                cs.add(new Candidate(mx - uy * off, my + ux * off, Math.hypot(shift, (Math.abs(k) - 1) * side)));
            }
            // On the line only when neither side has room: it hides a piece of the link.
            cs.add(new Candidate(mx, my, Math.hypot(shift, side) + 0.5));
        }
        cs.sort(Comparator.comparingDouble(Candidate::cost));
        for (Candidate c : cs) {
            Rectangle2D bx = box(c.x(), c.y(), w);
            if (free(bx) && nearestTo(c.x(), c.y(), a, b)) {
                take(bx);
                return new Xy(c.x(), c.y());
            }
        }
        return null;
    }
}
