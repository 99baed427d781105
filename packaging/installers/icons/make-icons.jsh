// Draws the Olimpus icon and writes it in the three formats jpackage wants:
// olimpus.png (Linux), olimpus.ico (Windows), olimpus.icns (macOS). Both containers hold PNGs.
// Run from this folder: jshell make-icons.jsh
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.*;
import java.nio.file.*;
import javax.imageio.ImageIO;

BufferedImage draw(int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.scale(size / 512.0, size / 512.0);
    // Background: a rounded square, deep blue to teal.
    g.setPaint(new GradientPaint(0, 0, new Color(0x1f, 0x3a, 0x93), 512, 512, new Color(0x0f, 0x76, 0x6e)));
    g.fill(new RoundRectangle2D.Double(16, 16, 480, 480, 110, 110));
    // A slice shaped like a mountain: a peak VM, two on the slopes, three at the base, linked.
    double[][] n = {{256, 110}, {170, 250}, {342, 250}, {96, 392}, {256, 392}, {416, 392}};
    int[][] links = {{0, 1}, {0, 2}, {1, 2}, {1, 3}, {1, 4}, {2, 4}, {2, 5}, {3, 4}, {4, 5}};
    g.setColor(new Color(255, 255, 255, 210));
    g.setStroke(new BasicStroke(18, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int[] l : links) g.draw(new Line2D.Double(n[l[0]][0], n[l[0]][1], n[l[1]][0], n[l[1]][1]));
    for (int i = 0; i < n.length; i++) {
        double r = i == 0 ? 46 : 38;
        g.setColor(i == 0 ? new Color(0xfb, 0xbf, 0x24) : Color.WHITE);
        g.fill(new Ellipse2D.Double(n[i][0] - r, n[i][1] - r, 2 * r, 2 * r));
        g.setColor(new Color(0x1f, 0x3a, 0x93));
        g.setStroke(new BasicStroke(8));
        g.draw(new Ellipse2D.Double(n[i][0] - r, n[i][1] - r, 2 * r, 2 * r));
    }
    g.dispose();
    return img;
}

byte[] png(int size) throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(draw(size), "png", out);
    return out.toByteArray();
}

Files.write(Path.of("olimpus.png"), png(256));

// ICO: ICONDIR, one ICONDIRENTRY per size (little-endian), then the PNGs.
int[] icoSizes = {16, 32, 48, 64, 128, 256};
var ico = new ByteArrayOutputStream();
var icoData = new ByteArrayOutputStream();
var le = new Object() {
    void s(OutputStream o, int v) throws IOException { o.write(v & 0xff); o.write((v >> 8) & 0xff); }
    void i(OutputStream o, int v) throws IOException { s(o, v); s(o, v >>> 16); }
};
le.s(ico, 0); le.s(ico, 1); le.s(ico, icoSizes.length);
int offset = 6 + 16 * icoSizes.length;
for (int s : icoSizes) {
    byte[] p = png(s);
    ico.write(s == 256 ? 0 : s); ico.write(s == 256 ? 0 : s); ico.write(0); ico.write(0);
    le.s(ico, 1); le.s(ico, 32); le.i(ico, p.length); le.i(ico, offset);
    offset += p.length;
    icoData.write(p);
}
ico.write(icoData.toByteArray());
Files.write(Path.of("olimpus.ico"), ico.toByteArray());

// ICNS: 'icns' + total length (big-endian), then typed PNG entries (ic07 128, ic08 256, ic09 512, ic10 1024).
var icns = new ByteArrayOutputStream();
var body = new DataOutputStream(icns);
String[][] types = {{"ic07", "128"}, {"ic08", "256"}, {"ic09", "512"}, {"ic10", "1024"}};
var entries = new ByteArrayOutputStream();
var e = new DataOutputStream(entries);
for (String[] t : types) {
    byte[] p = png(Integer.parseInt(t[1]));
    e.writeBytes(t[0]); e.writeInt(8 + p.length); e.write(p);
}
body.writeBytes("icns"); body.writeInt(8 + entries.size()); body.write(entries.toByteArray());
Files.write(Path.of("olimpus.icns"), icns.toByteArray());
System.out.println("wrote olimpus.png, olimpus.ico, olimpus.icns");
/exit
