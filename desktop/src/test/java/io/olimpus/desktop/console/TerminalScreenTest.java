package io.olimpus.desktop.console;

import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The serial terminal's text: what a guest's boot log and shell look like once escape sequences and line control are applied. */
class TerminalScreenTest {
    private static TerminalScreen fed(String... chunks) {
        TerminalScreen s = new TerminalScreen();
        for (String c : chunks) s.feed(c.getBytes(StandardCharsets.UTF_8));
        return s;
    }

    @Test
    void aShellSessionReadsAsTyped() {
        assertThat(fed("OLIMPUS-READY name=vm1\r\n/ # ", "e", "c", "h", "o hi\r\n", "hi\r\n/ # ").text())
                .isEqualTo("OLIMPUS-READY name=vm1\n/ # echo hi\nhi\n/ # ");
    }

    @Test
    void coloursAndTitlesAreLeftOutEvenWhenSplitAcrossChunks() {
        assertThat(fed("[\u001B[0;3", "2m  OK  \u001B[0m] Reached target \u001B[0;1;39mNetwork\u001B[0m.\r\n",
                "\u001B]0;root@vm1: ~\u0007root@vm1:~# ", "\u001B]2;title\u001B\\$ ").text())
                .isEqualTo("[  OK  ] Reached target Network.\nroot@vm1:~# $ ");
    }

    @Test
    void backspaceAndCarriageReturnRewriteTheLine() {
        // A shell erasing a typed character ("\b \b"), and a progress line rewritten after a carriage return.
        assertThat(fed("/ # lsx\b \b\r\n", "10%\r50%\r100%\r\n").text()).isEqualTo("/ # ls \n100%\n");
    }

    @Test
    void aCharacterSplitBetweenChunksArrivesWhole() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        TerminalScreen s = new TerminalScreen();
        s.feed(new byte[]{'c', 'a', 'f', e[0]});
        s.feed(new byte[]{e[1], '\r', '\n'});
        assertThat(s.text()).isEqualTo("café\n");
    }

    @Test
    void onlyTheLastLinesAreKept() {
        TerminalScreen s = new TerminalScreen();
        for (int i = 0; i < TerminalScreen.MAX_LINES + 500; i++) s.feed(("line " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String[] lines = s.text().split("\n");
        assertThat(lines.length).isLessThanOrEqualTo(TerminalScreen.MAX_LINES);
        assertThat(lines[lines.length - 1]).isEqualTo("line " + (TerminalScreen.MAX_LINES + 499));
    }

    @Test
    void keysAreSentAsAVt100TerminalSendsThem() {
        assertThat(TerminalKeys.pressed(KeyCode.ENTER, false)).containsExactly('\r');
        assertThat(TerminalKeys.pressed(KeyCode.BACK_SPACE, false)).containsExactly(0x7f);
        assertThat(new String(TerminalKeys.pressed(KeyCode.UP, false), StandardCharsets.US_ASCII)).isEqualTo("\u001B[A");
        assertThat(TerminalKeys.pressed(KeyCode.C, true)).as("Ctrl+C interrupts").containsExactly(3);
        assertThat(TerminalKeys.pressed(KeyCode.D, true)).containsExactly(4);
        assertThat(TerminalKeys.pressed(KeyCode.C, false)).as("a typing key: sent by what it types").isNull();
        assertThat(TerminalKeys.typed("ñ")).isEqualTo("ñ".getBytes(StandardCharsets.UTF_8));
        assertThat(TerminalKeys.typed("\r")).as("control characters come from the pressed key").isEmpty();
    }
}
