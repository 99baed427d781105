package io.olimpus.desktop.ui;

import javafx.geometry.Rectangle2D;

import java.util.List;

/**
 * Where the designer's window opens: where the user left it when that still lies on a screen and
 * is a usable size, else 80% of the main screen, centred. Placed explicitly because some window
 * managers give a JavaFX window with no explicit size 200×200.
 */
public final class WindowPlace {
    public static final double MIN_WIDTH = 640, MIN_HEIGHT = 420;

    private WindowPlace() {}

    /** {@code saved} may be null; {@code screens} are the screens' visual bounds, the main one first. */
    public static Rectangle2D choose(Rectangle2D saved, List<Rectangle2D> screens) {
        Rectangle2D main = screens.get(0);
        if (saved != null && saved.getWidth() >= MIN_WIDTH && saved.getHeight() >= MIN_HEIGHT)
            for (Rectangle2D s : screens)
                // Enough of the title bar on a screen to grab it again.
                if (s.intersects(saved.getMinX() + 40, saved.getMinY(), Math.max(1, saved.getWidth() - 80), 40)) {
                    double w = Math.min(saved.getWidth(), s.getWidth()), h = Math.min(saved.getHeight(), s.getHeight());
                    return new Rectangle2D(saved.getMinX(), saved.getMinY(), w, h);
                }
        double w = Math.max(Math.min(MIN_WIDTH, main.getWidth()), Math.round(main.getWidth() * 0.8));
        double h = Math.max(Math.min(MIN_HEIGHT, main.getHeight()), Math.round(main.getHeight() * 0.8));
        return new Rectangle2D(main.getMinX() + Math.round((main.getWidth() - w) / 2), main.getMinY() + Math.round((main.getHeight() - h) / 2), w, h);
    }
}
