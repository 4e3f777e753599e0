package io.tcpscope.core;

/**
 * Text cut to a length for a message, on a code-point boundary, saying how much was left out: a
 * message never splits a surrogate pair (which no UTF-8 writer can encode), and never drops text
 * silently.
 *
 * <p>Thread-safe: stateless.
 */
final class Shortened {

    private Shortened() {
    }

    /**
     * The text, or its first {@code max} characters (one fewer if the last would be half a
     * surrogate pair) followed by {@code "… (N more characters)"}, N counted in code points.
     *
     * @param text the text
     * @param max how many UTF-16 chars to keep at most
     * @return the text, cut if longer
     */
    static String of(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = max;
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        int rest = text.codePointCount(cut, text.length());
        return text.substring(0, cut) + "… (" + rest + " more character" + (rest == 1 ? "" : "s") + ")";
    }
}
