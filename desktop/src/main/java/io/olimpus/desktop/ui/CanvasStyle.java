package io.olimpus.desktop.ui;

import javafx.scene.paint.Color;

/** Colours of the drawing for one theme. Kept out of CSS: the canvas is painted, not styled. */
public record CanvasStyle(Color background, Color grid, Color link, Color vm, Color vmStroke, Color sw, Color swStroke,
                          Color label, Color selection, Color error, Color warning, Color band) {
    public static final CanvasStyle LIGHT = new CanvasStyle(
            Color.web("#f7f8fa"), Color.web("#e4e7ec"), Color.web("#7b8794"),
            Color.web("#3b82f6"), Color.web("#1e40af"), Color.web("#10b981"), Color.web("#047857"),
            Color.web("#1f2933"), Color.web("#f59e0b"), Color.web("#dc2626"), Color.web("#ea8a00"), Color.web("#3b82f6", 0.15));
    public static final CanvasStyle DARK = new CanvasStyle(
            Color.web("#1e2229"), Color.web("#2b313b"), Color.web("#8a94a3"),
            Color.web("#4f8ff7"), Color.web("#bcd3ff"), Color.web("#22c08a"), Color.web("#a7f3d0"),
            Color.web("#e5e9f0"), Color.web("#fbbf24"), Color.web("#f87171"), Color.web("#fb923c"), Color.web("#4f8ff7", 0.2));
}
