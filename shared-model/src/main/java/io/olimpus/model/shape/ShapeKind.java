package io.olimpus.model.shape;

/** The topologies the course uses. */
public enum ShapeKind {
    LINEAR, RING, MESH, STAR, TREE, BUS
}
