package io.olimpus.desktop.vm;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo and redo over immutable snapshots. The topology and its presentation are immutable, so a
 * snapshot is just a reference: keeping hundreds of them costs only what actually changed.
 */
public final class History<T> {
    /** A state with the label of the edit that produced it (shown as "Undo move"). */
    public record Entry<T>(T state, String label) {}

    private final int limit;
    private final Deque<Entry<T>> undo = new ArrayDeque<>();
    private final Deque<Entry<T>> redo = new ArrayDeque<>();

    public History(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        this.limit = limit;
    }

    /** Records {@code before} as the state to go back to; clears the redo stack. */
    public void push(T before, String label) {
        undo.push(new Entry<>(before, label));
        while (undo.size() > limit) undo.removeLast();
        redo.clear();
    }

    public boolean canUndo() { return !undo.isEmpty(); }

    public boolean canRedo() { return !redo.isEmpty(); }

    public String undoLabel() { return undo.isEmpty() ? null : undo.peek().label(); }

    public String redoLabel() { return redo.isEmpty() ? null : redo.peek().label(); }

    /** Returns the state before the last edit, given the current one (which becomes redoable). */
    public T undo(T current) {
        Entry<T> e = undo.pop();
        redo.push(new Entry<>(current, e.label()));
        return e.state();
    }

    public T redo(T current) {
        Entry<T> e = redo.pop();
        undo.push(new Entry<>(current, e.label()));
        return e.state();
    }

    public void clear() {
        undo.clear();
        redo.clear();
    }

    public int undoSize() { return undo.size(); }
}
