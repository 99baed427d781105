package io.olimpus.desktop.session;

/** One line of "My slices"; {@code lab} says which lab it is the student's copy of, or null. */
public record SliceRow(long id, String owner, String name, String zone, int vmCount, String status, long updatedAt, LabCopy lab) {
    public SliceRow(long id, String owner, String name, String zone, int vmCount, String status, long updatedAt) {
        this(id, owner, name, zone, vmCount, status, updatedAt, null);
    }

    /** The lab a slice is a copy of: its name, course, window (null ends: opened or closed by hand) and state (PUBLISHED, OPEN, CLOSED). */
    public record LabCopy(String name, String course, Long opensAt, Long closesAt, String state) {}

    public SliceRow withLab(LabCopy l) { return new SliceRow(id, owner, name, zone, vmCount, status, updatedAt, l); }
}
