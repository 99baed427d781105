package io.olimpus.desktop.layout;

/** A point in canvas (world) coordinates: the centre of a node. */
public record Xy(double x, double y) {
    public Xy plus(double dx, double dy) { return new Xy(x + dx, y + dy); }
}
