package io.olimpus.model.file;

/** A free text note placed on the canvas. */
public record Note(String text, double x, double y) {}
