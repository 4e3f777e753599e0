package io.tcpscope.core.parse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A cursor over the lines of a text listing, without their CR or LF, and the tokens of a line. */
final class TextLines {

    static String decode(ByteBuffer listing) {
        return StandardCharsets.UTF_8.decode(listing.duplicate()).toString();
    }

    private final String text;
    private int start;
    private int number;
    private String line;

    TextLines(String text) {
        this.text = text;
    }

    /** Moves to the next line; {@code false} at the end of the text. */
    boolean next() {
        int length = text.length();
        if (start >= length) {
            return false;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) {
            end = length;
        }
        int stop = end;
        if (stop > start && text.charAt(stop - 1) == '\r') {
            stop--;
        }
        line = text.substring(start, stop);
        number++;
        start = end + 1;
        return true;
    }

    /** The current line, without CR or LF. */
    String line() {
        return line;
    }

    /** The current line's 1-based number. */
    int number() {
        return number;
    }

    /** The whitespace-separated tokens of one line, with their offsets; reused from line to line. */
    static final class Tokens {
        private final int[] starts;
        private final int[] ends;
        private String line;
        private int count;

        Tokens(int max) {
            starts = new int[max];
            ends = new int[max];
        }

        /** Splits off the first {@code max} tokens of {@code line} and returns how many there are. */
        int split(String line) {
            this.line = line;
            count = 0;
            int i = 0;
            int length = line.length();
            while (count < starts.length) {
                while (i < length && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i == length) {
                    break;
                }
                starts[count] = i;
                while (i < length && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                ends[count++] = i;
            }
            return count;
        }

        String get(int k) {
            return line.substring(starts[k], ends[k]);
        }

        /** The line from token {@code k} to its end, stripped, or {@code null} if there is no token k. */
        String restFrom(int k) {
            return k < count ? line.substring(starts[k]).strip() : null;
        }
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    static long decimal(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
