package io.tcpscope.testkit.report.internal;

import java.util.Locale;

/**
 * Text that is safe inside HTML and SVG, whatever it holds: every string that comes from outside
 * (a container's name, a failure's message) goes through {@link #escape} before it is written.
 *
 * <pre>{@code
 * Html.escape("<script>alert(1)</script>");   // "&lt;script&gt;alert(1)&lt;/script&gt;"
 * out.append("<td").append(Html.attr("title", name)).append('>');
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class Html {

    private Html() {
    }

    /**
     * Escapes text for an element's content or a quoted attribute's value: {@code & < > " '}
     * become entities, and control characters other than tab, line feed and carriage return
     * (which HTML does not allow) become U+FFFD.
     *
     * @param text the text, or {@code null}
     * @return the escaped text; empty for {@code null}
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    /**
     * An attribute, with a space before it and its value escaped.
     *
     * @param name the attribute's name, a constant of the renderer
     * @param value its value, from anywhere
     * @return for example {@code  data-node="node-1"}
     */
    public static String attr(String name, String value) {
        return " " + name + "=\"" + escape(value) + "\"";
    }

    /**
     * A number for SVG coordinates: one decimal, a dot whatever the locale.
     *
     * @param value the number
     * @return for example {@code 12.5}
     */
    public static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
