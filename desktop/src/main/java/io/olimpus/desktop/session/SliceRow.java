package io.olimpus.desktop.session;

/** One line of "My slices". */
public record SliceRow(long id, String owner, String name, String zone, int vmCount, String status, long updatedAt) {}
