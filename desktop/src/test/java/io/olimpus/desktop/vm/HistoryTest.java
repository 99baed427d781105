package io.olimpus.desktop.vm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTest {
    @Test
    void undoThenRedoWalksBackAndForth() {
        History<String> h = new History<>(10);
        h.push("a", "first");
        h.push("b", "second");
        assertThat(h.undoLabel()).isEqualTo("second");
        assertThat(h.undo("c")).isEqualTo("b");
        assertThat(h.undo("b")).isEqualTo("a");
        assertThat(h.canUndo()).isFalse();
        assertThat(h.redo("a")).isEqualTo("b");
        assertThat(h.redo("b")).isEqualTo("c");
        assertThat(h.canRedo()).isFalse();
    }

    @Test
    void aNewEditForgetsTheRedoStack() {
        History<String> h = new History<>(10);
        h.push("a", "x");
        h.undo("b");
        assertThat(h.canRedo()).isTrue();
        h.push("a", "y");
        assertThat(h.canRedo()).isFalse();
    }

    @Test
    void keepsAtMostTheLimit() {
        History<Integer> h = new History<>(3);
        for (int i = 0; i < 10; i++) h.push(i, "e" + i);
        assertThat(h.undoSize()).isEqualTo(3);
        assertThat(h.undo(10)).isEqualTo(9);
    }
}
