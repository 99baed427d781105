package io.olimpus.desktop.console;

import javafx.scene.input.KeyCode;

import java.nio.charset.StandardCharsets;

/**
 * The bytes a serial terminal sends for a key, as a VT100-style terminal does: Enter is a carriage
 * return, Backspace DEL, arrows and Home/End/Delete their escape sequences, Ctrl+letter the
 * control character (Ctrl+C interrupts the guest's command, it does not copy).
 */
final class TerminalKeys {
    private TerminalKeys() {}

    /** The bytes of a key pressed that types no character, or null when it is a typing key (see {@link #typed}). */
    static byte[] pressed(KeyCode code, boolean control) {
        String s = switch (code) {
            case ENTER -> "\r";
            case BACK_SPACE -> "\u007f";
            case TAB -> "\t";
            case ESCAPE -> "\u001b";
            case UP -> "\u001b[A";
            case DOWN -> "\u001b[B";
            case RIGHT -> "\u001b[C";
            case LEFT -> "\u001b[D";
            case HOME -> "\u001b[H";
            case END -> "\u001b[F";
            case DELETE -> "\u001b[3~";
            case PAGE_UP -> "\u001b[5~";
            case PAGE_DOWN -> "\u001b[6~";
            default -> null;
        };
        if (s == null && control && code.isLetterKey()) s = String.valueOf((char) (code.getName().charAt(0) & 0x1f));
        return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes of characters typed (already turned into text by the keyboard layout); none for control characters, sent by {@link #pressed}. */
    static byte[] typed(String character) {
        if (character == null || character.isEmpty()) return new byte[0];
        StringBuilder sb = new StringBuilder();
        character.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7f).forEach(sb::appendCodePoint);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
