package io.olimpus.desktop.console;

import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeySymsTest {
    @Test
    void lettersFollowShiftAndIgnoreControlCharacters() {
        assertThat(KeySyms.of(KeyCode.A, "a", false)).isEqualTo('a');
        assertThat(KeySyms.of(KeyCode.A, "A", true)).isEqualTo('A');
        assertThat(KeySyms.of(KeyCode.C, "\u0003", false)).as("Ctrl+C still sends c").isEqualTo('c');
        assertThat(KeySyms.of(KeyCode.Z, "", false)).isEqualTo('z');
    }

    @Test
    void digitsAndPunctuationTakeWhatWasTyped() {
        assertThat(KeySyms.of(KeyCode.DIGIT7, "7", false)).isEqualTo('7');
        assertThat(KeySyms.of(KeyCode.DIGIT1, "!", true)).isEqualTo('!');
        assertThat(KeySyms.of(KeyCode.DIGIT0, "", false)).as("nothing typed (Ctrl held)").isEqualTo('0');
        assertThat(KeySyms.of(KeyCode.MINUS, "-", false)).isEqualTo('-');
        assertThat(KeySyms.of(KeyCode.SPACE, " ", false)).isEqualTo(0x20);
        assertThat(KeySyms.of(KeyCode.UNDEFINED, "ñ", false)).as("Latin-1 keysym = code point").isEqualTo(0xf1);
        assertThat(KeySyms.of(KeyCode.UNDEFINED, "€", false)).as("Unicode keysym").isEqualTo(0x010020ac);
        assertThat(KeySyms.of(KeyCode.UNDEFINED, "", false)).isEqualTo(-1);
    }

    @Test
    void editingNavigationAndModifierKeysHaveTheirX11Keysyms() {
        assertThat(KeySyms.of(KeyCode.ENTER, "\r", false)).isEqualTo(0xff0d);
        assertThat(KeySyms.of(KeyCode.BACK_SPACE, "\b", false)).isEqualTo(0xff08);
        assertThat(KeySyms.of(KeyCode.TAB, "\t", false)).isEqualTo(0xff09);
        assertThat(KeySyms.of(KeyCode.ESCAPE, "", false)).isEqualTo(0xff1b);
        assertThat(KeySyms.of(KeyCode.LEFT, "", false)).isEqualTo(0xff51);
        assertThat(KeySyms.of(KeyCode.UP, "", false)).isEqualTo(0xff52);
        assertThat(KeySyms.of(KeyCode.RIGHT, "", false)).isEqualTo(0xff53);
        assertThat(KeySyms.of(KeyCode.DOWN, "", false)).isEqualTo(0xff54);
        assertThat(KeySyms.of(KeyCode.CONTROL, "", false)).isEqualTo(0xffe3);
        assertThat(KeySyms.of(KeyCode.SHIFT, "", true)).isEqualTo(0xffe1);
        assertThat(KeySyms.of(KeyCode.ALT, "", false)).isEqualTo(0xffe9);
        assertThat(KeySyms.of(KeyCode.F1, "", false)).isEqualTo(0xffbe);
        assertThat(KeySyms.of(KeyCode.F12, "", false)).isEqualTo(0xffc9);
        assertThat(KeySyms.of(KeyCode.DELETE, "", false)).isEqualTo(0xffff);
        assertThat(KeySyms.of(KeyCode.NUMPAD5, "5", false)).isEqualTo(0xffb5);
    }
}
