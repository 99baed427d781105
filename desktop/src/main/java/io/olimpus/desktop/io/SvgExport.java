package io.olimpus.desktop.io;

import io.olimpus.model.file.NodeLook;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;

import java.util.Map;

/** Writes the drawing as a standalone SVG: links, then VMs (squares) and switches (circles), with names. */
public final class SvgExport {
    private static final double NODE = 36, MARGIN = 40;

    private SvgExport() {}

    public static String toSvg(TopologyDocument doc) {
        Map<String, NodeLook> looks = doc.presentation().nodes();
        double minX = 0, minY = 0, maxX = 100, maxY = 100;
        boolean first = true;
        for (Node n : doc.topology().nodes()) {
            NodeLook l = looks.get(n.id());
            if (l == null) continue;
            if (first) { minX = maxX = l.x(); minY = maxY = l.y(); first = false; }
            minX = Math.min(minX, l.x()); minY = Math.min(minY, l.y());
            maxX = Math.max(maxX, l.x()); maxY = Math.max(maxY, l.y());
        }
        double ox = MARGIN - minX + NODE / 2, oy = MARGIN - minY + NODE / 2;
        double w = maxX - minX + NODE + 2 * MARGIN, h = maxY - minY + NODE + 2 * MARGIN + 16;
        StringBuilder s = new StringBuilder(256 + doc.topology().nodes().size() * 200);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(java.util.Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n", w, h, w, h));
        s.append("  <title>").append(esc(doc.topology().name())).append("</title>\n");
        s.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append("  <g stroke=\"#7b8794\" stroke-width=\"1.5\">\n");
        for (Link l : doc.topology().links()) {
            NodeLook a = looks.get(l.a()), b = looks.get(l.b());
            if (a == null || b == null) continue;
            s.append(String.format(java.util.Locale.ROOT, "    <line id=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    esc(l.id()), a.x() + ox, a.y() + oy, b.x() + ox, b.y() + oy));
        }
        s.append("  </g>\n  <g font-family=\"sans-serif\" font-size=\"12\" text-anchor=\"middle\">\n");
        for (Node n : doc.topology().nodes()) {
            NodeLook l = looks.get(n.id());
            if (l == null) continue;
            double x = l.x() + ox, y = l.y() + oy;
            if (n.isVm())
                s.append(String.format(java.util.Locale.ROOT,
                        "    <rect id=\"%s\" class=\"vm\" x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"5\" fill=\"#3b82f6\" stroke=\"#1e40af\"/>\n",
                        esc(n.id()), x - NODE / 2, y - NODE / 2, NODE, NODE));
            else
                s.append(String.format(java.util.Locale.ROOT,
                        "    <circle id=\"%s\" class=\"switch\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.0f\" fill=\"#10b981\" stroke=\"#047857\"/>\n",
                        esc(n.id()), x, y, NODE / 2));
            s.append(String.format(java.util.Locale.ROOT, "    <text x=\"%.1f\" y=\"%.1f\" fill=\"#1f2933\">%s</text>\n",
                    x, y + NODE / 2 + 14, esc(n.name())));
        }
        s.append("  </g>\n</svg>\n");
        return s.toString();
    }

    private static String esc(String v) {
        if (v == null) return "";
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
