package io.olimpus.desktop.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a serial console shows, as plain text: the guest's bytes (UTF-8, arriving in chunks that
 * may split a character or an escape sequence) with carriage returns, backspaces and line feeds
 * applied to the last line, and escape sequences (colours, cursor moves, titles) left out, since
 * a student reads a boot log and a shell here, not a full-screen program. Keeps the last
 * {@link #MAX_LINES} lines. Not thread-safe: the window feeds it on the UI thread.
 */
final class TerminalScreen {
    static final int MAX_LINES = 3000;

    private enum Escape { NONE, ESC, CSI, OSC, OSC_ESC }

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Bytes of a character split across chunks, kept for the next one. */
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private final Deque<String> lines = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();
    private int column;
    private Escape escape = Escape.NONE;

    /** Takes the next bytes the console sent. */
    void feed(byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + bytes.length);
        in.put(pending).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        utf8.decode(in, out, false);
        pending = in.slice();
        out.flip();
        while (out.hasRemaining()) take(out.get());
    }

    private void take(char c) {
        switch (escape) {
            case ESC -> {
                escape = c == '[' ? Escape.CSI : c == ']' ? Escape.OSC : Escape.NONE;
                return;
            }
            case CSI -> {
                if (c >= 0x40 && c <= 0x7e) escape = Escape.NONE;   // the final byte ends it
                return;
            }
            case OSC -> {
                if (c == 0x07) escape = Escape.NONE;
                else if (c == 0x1b) escape = Escape.OSC_ESC;
                return;
            }
            case OSC_ESC -> {
                escape = c == '\\' ? Escape.NONE : Escape.OSC;
                return;
            }
            case NONE -> { }
        }
        switch (c) {
            case 0x1b -> escape = Escape.ESC;
            case '\r' -> column = 0;
            case '\n' -> newLine();
            case '\b' -> column = Math.max(0, column - 1);
            case '\t' -> {
                int to = (column / 8 + 1) * 8;
                while (column < to) put(' ');
            }
            default -> {
                if (c >= 0x20 && c != 0x7f) put(c);
            }
        }
    }

    private void put(char c) {
        if (column < line.length()) line.setCharAt(column, c);
        else line.append(c);
        column++;
    }

    private void newLine() {
        lines.addLast(line.toString());
        while (lines.size() >= MAX_LINES) lines.removeFirst();
        line.setLength(0);
        column = 0;
    }

    /** Everything shown, oldest line first; the last line is the one being written (a prompt, say). */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        return sb.append(line).toString();
    }
}
