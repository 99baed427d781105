package io.olimpus.model.file;

/** Where and how a node is drawn. Kept apart from structure: moving a node never changes a deploy. */
public record NodeLook(double x, double y, String color, String note) {
    public static NodeLook at(double x, double y) { return new NodeLook(x, y, null, null); }

    public NodeLook movedTo(double nx, double ny) { return new NodeLook(nx, ny, color, note); }
}
