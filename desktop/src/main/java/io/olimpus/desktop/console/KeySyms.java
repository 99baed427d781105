package io.olimpus.desktop.console;

import javafx.scene.input.KeyCode;

import java.util.EnumMap;
import java.util.Map;

/**
 * JavaFX keys to X11 keysyms, the key codes of RFB's KeyEvent. The server (QEMU) turns keysyms
 * back into scancodes for the guest, so the keysym names the key and its shifted meaning:
 * letters are lower or upper case by Shift, other printable keys take the character JavaFX typed
 * (Latin-1 keysyms equal their code points), everything else comes from a fixed table.
 */
public final class KeySyms {
    private KeySyms() {}

    public static final int BACKSPACE = 0xff08, TAB = 0xff09, RETURN = 0xff0d, ESCAPE = 0xff1b, DELETE = 0xffff,
            HOME = 0xff50, LEFT = 0xff51, UP = 0xff52, RIGHT = 0xff53, DOWN = 0xff54, PAGE_UP = 0xff55, PAGE_DOWN = 0xff56,
            END = 0xff57, INSERT = 0xff63, F1 = 0xffbe, SHIFT_L = 0xffe1, SHIFT_R = 0xffe2, CONTROL_L = 0xffe3,
            CONTROL_R = 0xffe4, CAPS_LOCK = 0xffe5, META_L = 0xffe7, ALT_L = 0xffe9, ALT_R = 0xffea, SUPER_L = 0xffeb,
            KP_0 = 0xffb0, KP_ENTER = 0xff8d;

    private static final Map<KeyCode, Integer> FIXED = new EnumMap<>(KeyCode.class);

    static {
        FIXED.put(KeyCode.BACK_SPACE, BACKSPACE);
        FIXED.put(KeyCode.TAB, TAB);
        FIXED.put(KeyCode.ENTER, RETURN);
        FIXED.put(KeyCode.ESCAPE, ESCAPE);
        FIXED.put(KeyCode.DELETE, DELETE);
        FIXED.put(KeyCode.INSERT, INSERT);
        FIXED.put(KeyCode.HOME, HOME);
        FIXED.put(KeyCode.END, END);
        FIXED.put(KeyCode.PAGE_UP, PAGE_UP);
        FIXED.put(KeyCode.PAGE_DOWN, PAGE_DOWN);
        FIXED.put(KeyCode.LEFT, LEFT);
        FIXED.put(KeyCode.UP, UP);
        FIXED.put(KeyCode.RIGHT, RIGHT);
        FIXED.put(KeyCode.DOWN, DOWN);
        FIXED.put(KeyCode.KP_LEFT, LEFT);
        FIXED.put(KeyCode.KP_UP, UP);
        FIXED.put(KeyCode.KP_RIGHT, RIGHT);
        FIXED.put(KeyCode.KP_DOWN, DOWN);
        FIXED.put(KeyCode.SHIFT, SHIFT_L);
        FIXED.put(KeyCode.CONTROL, CONTROL_L);
        FIXED.put(KeyCode.ALT, ALT_L);
        FIXED.put(KeyCode.ALT_GRAPH, ALT_R);
        FIXED.put(KeyCode.META, META_L);
        FIXED.put(KeyCode.WINDOWS, SUPER_L);
        FIXED.put(KeyCode.COMMAND, SUPER_L);
        FIXED.put(KeyCode.CAPS, CAPS_LOCK);
        FIXED.put(KeyCode.SPACE, 0x20);
        FIXED.put(KeyCode.PAUSE, 0xff13);
        FIXED.put(KeyCode.PRINTSCREEN, 0xff61);
        FIXED.put(KeyCode.NUM_LOCK, 0xff7f);
        FIXED.put(KeyCode.SCROLL_LOCK, 0xff14);
        FIXED.put(KeyCode.CONTEXT_MENU, 0xff67);
        for (int i = 0; i < 12; i++) FIXED.put(KeyCode.valueOf("F" + (i + 1)), F1 + i);
        for (int i = 0; i < 10; i++) FIXED.put(KeyCode.valueOf("NUMPAD" + i), KP_0 + i);
        FIXED.put(KeyCode.MULTIPLY, 0xffaa);
        FIXED.put(KeyCode.ADD, 0xffab);
        FIXED.put(KeyCode.SUBTRACT, 0xffad);
        FIXED.put(KeyCode.DECIMAL, 0xffae);
        FIXED.put(KeyCode.DIVIDE, 0xffaf);
    }

    /**
     * The keysym for a key press, or -1 when the key has none.
     *
     * @param text  the character JavaFX typed for the key (may be empty; with Ctrl held it may be a control character)
     * @param shift whether Shift is down
     */
    public static int of(KeyCode code, String text, boolean shift) {
        Integer fixed = FIXED.get(code);
        if (fixed != null) return fixed;
        // Letters and digits from the key itself: with Ctrl held, the typed text is not the letter.
        if (code.isLetterKey() && code.getName().length() == 1) {
            char c = code.getName().charAt(0);
            return shift ? Character.toUpperCase(c) : Character.toLowerCase(c);
        }
        if (text != null && text.length() == 1) {
            char c = text.charAt(0);
            if (c >= 0x20 && c <= 0x7e || c >= 0xa0 && c <= 0xff) return c;
            if (c > 0xff && !Character.isISOControl(c)) return 0x01000000 | c;   // Unicode keysym
        }
        if (code.isDigitKey() && code.getName().length() == 1) return code.getName().charAt(0);
        return -1;
    }
}
