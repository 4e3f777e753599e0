package io.tcpscope.cli;

/**
 * Text from elsewhere (a container's stderr quoted in a message, a container's name, a user's
 * argument), made safe to show on a terminal: a control character could move the cursor, recolour
 * the screen, retitle the window or hide what follows it.
 *
 * <p>C0 controls, DEL, the C1 controls (U+0080 to U+009F, which some terminals take as 8-bit
 * escapes, CSI included) and the bidirectional overrides and isolates (which reorder what is shown)
 * are written as escapes: ESC as {@code \e}, a carriage return as {@code \r}, any other as
 * {@code \x1b}-style or {@code \u202e}-style hex. A tab and a newline are kept by {@link #text},
 * and turned into a space and into the end of the line by {@link #line}.
 *
 * <pre>{@code
 * Printable.line("exited 1: \033[2Jgone\nsecond line")  // "exited 1: \e[2Jgone"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class Printable {

    private Printable() {
    }

    /**
     * The text with every control character but tabs and newlines escaped.
     *
     * @param text any text, or {@code null}
     * @return the text, safe to print; {@code "null"} for {@code null}
     */
    static String text(String text) {
        String s = String.valueOf(text);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = c == '\t' || c == '\n' ? null : escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * The first line of the text, safe to print on one line: its control characters escaped and
     * its tabs made spaces.
     *
     * @param text any text, or {@code null}
     * @return the text up to its first line end (a {@code \r\n} included), escaped
     */
    static String line(String text) {
        String s = String.valueOf(text);
        int end = s.indexOf('\n');
        if (end >= 0) {
            s = s.substring(0, end > 0 && s.charAt(end - 1) == '\r' ? end - 1 : end);
        }
        return text(s).replace('\t', ' ');
    }

    /** Whether the text holds more than one line. */
    static boolean isMultiline(String text) {
        return text != null && text.strip().indexOf('\n') >= 0;
    }

    /** The escape for a character that must not reach a terminal as it is; {@code null} for one that may. */
    private static String escape(char c) {
        if (c == 0x1b) {
            return "\\e";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if (c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
                || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /**
     * Whether a character is one that {@link #text} escapes, tabs and newlines aside: for the JSON
     * writer, which must escape the same ones.
     *
     * @param c a UTF-16 unit
     * @return whether it is a control, DEL, a C1 control or a bidirectional control
     */
    static boolean isControl(int c) {
        return c != '\t' && c != '\n' && c <= 0xffff && escape((char) c) != null;
    }
}
