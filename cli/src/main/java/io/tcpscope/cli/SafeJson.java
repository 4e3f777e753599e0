package io.tcpscope.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The command's JSON writers: besides the C0 controls that JSON itself escapes, DEL, the C1
 * controls and the bidirectional controls are written as {@code \}{@code uXXXX}, so that a
 * container's text in a JSON line cannot act on the terminal that shows it (the same characters
 * {@link Printable} escapes in text).
 *
 * <pre>{@code
 * ObjectMapper json = SafeJson.mapper();
 * json.writeValueAsString(Map.of("error", "\u009b2J"));  // {"error":"\u009b2J"}, escaped
 * }</pre>
 *
 * <p>Thread-safe: each call returns a new mapper, which is thread-safe once configured.
 */
final class SafeJson {

    private SafeJson() {
    }

    /** {@return a mapper whose output holds no control character raw} */
    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setCharacterEscapes(new Escapes());
        return mapper;
    }

    /** JSON's own escapes, and DEL, C1 and the bidirectional controls. */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        Escapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Printable.isControl(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}
