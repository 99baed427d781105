package io.olimpus.desktop.console;

import java.util.Arrays;

/**
 * The remote screen as opaque ARGB pixels, row by row. The decoder writes it on the pipe's
 * thread and the view reads it on the FX thread, so every access holds the object's lock
 * ({@link #read} gives the reader the array under that lock, without a copy).
 */
public final class Framebuffer {
    /** Reads the pixels while the framebuffer is locked. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(int[] argb, int width, int height);
    }

    private int width, height;
    private int[] argb = new int[0];

    public synchronized int width() { return width; }

    public synchronized int height() { return height; }

    /** A new, black screen of the given size (RFB sizes are 16-bit). */
    public synchronized void resize(int width, int height) {
        if (width < 0 || height < 0 || width > 65535 || height > 65535)
            throw new IllegalArgumentException("bad screen size " + width + "x" + height);
        this.width = width;
        this.height = height;
        argb = new int[width * height];
        Arrays.fill(argb, 0xFF000000);
    }

    public synchronized <T> T read(Reader<T> reader) { return reader.read(argb, width, height); }

    /** One pixel, for tests and pickers. */
    public synchronized int pixel(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) throw new IndexOutOfBoundsException(x + "," + y);
        return argb[y * width + x];
    }

    /**
     * Stores {@code count} pixels of a {@code rectWidth}-wide rectangle at ({@code rx},{@code ry}),
     * starting at pixel index {@code first} of the rectangle; the source is 32-bit little-endian
     * BGRX (the pixel format the session asks for). Pixels outside the screen are dropped.
     */
    synchronized void putBgrx(int rx, int ry, int rectWidth, long first, int count, byte[] src, int off) {
        for (int i = 0; i < count; i++, off += 4) {
            long n = first + i;
            int x = rx + (int) (n % rectWidth), y = ry + (int) (n / rectWidth);
            if (x >= width || y >= height) continue;
            argb[y * width + x] = 0xFF000000 | (src[off + 2] & 0xFF) << 16 | (src[off + 1] & 0xFF) << 8 | (src[off] & 0xFF);
        }
    }

    /** CopyRect: the rectangle at (sx,sy) moves to (x,y); overlapping areas copy correctly. False if it lies outside. */
    synchronized boolean copy(int sx, int sy, int x, int y, int w, int h) {
        if (sx + w > width || x + w > width || sy + h > height || y + h > height) return false;
        if (y > sy) {
            for (int r = h - 1; r >= 0; r--) System.arraycopy(argb, (sy + r) * width + sx, argb, (y + r) * width + x, w);
        } else {
            for (int r = 0; r < h; r++) System.arraycopy(argb, (sy + r) * width + sx, argb, (y + r) * width + x, w);
        }
        return true;
    }
}
