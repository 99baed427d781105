package io.olimpus.model.file;

/**
 * A named area drawn behind nodes ("DMZ", "site A"): a rectangle in canvas coordinates, top-left
 * corner and size. Presentation only: an area never changes what is deployed.
 */
public record Area(String name, double x, double y, double width, double height) {
    public Area {
        if (name == null) name = "";
        if (width < 0 || height < 0) throw new IllegalArgumentException("an area's width and height must not be negative");
    }

    public Area movedTo(double nx, double ny) { return new Area(name, nx, ny, width, height); }
    public Area resized(double w, double h) { return new Area(name, x, y, w, h); }
    public Area named(String n) { return new Area(n, x, y, width, height); }
}
