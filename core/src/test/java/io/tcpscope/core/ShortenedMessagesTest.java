package io.tcpscope.core;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages cut long text on a character's boundary, and say how much they left out. */
class ShortenedMessagesTest {

    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 chars

    @Test
    void a_stderr_of_emoji_is_cut_between_two_emoji_and_says_how_many_more_there_were() throws Exception {
        // given: 1 char, then emoji, so that char 500 is the high half of an emoji
        String stderr = "x" + EMOJI.repeat(300);

        // when
        CommandFailedException e = new CommandFailedException("node-a", List.of("ss", "-tan"), 1, stderr);

        // then: 1 + 249 emoji fit in 499 chars; the 250th would straddle 500, so it is left out whole
        String kept = "x" + EMOJI.repeat(249);
        assertThat(e.stderr()).isEqualTo(kept + "… (51 more characters)");
        assertThat(e.getMessage()).endsWith(": " + kept + "… (51 more characters)");
        strictUtf8(e.getMessage());
        strictUtf8(e.stderr());
    }

    @Test
    void a_stderr_of_exactly_the_limit_is_kept_whole() {
        String stderr = EMOJI.repeat(250);

        CommandFailedException e = new CommandFailedException("node-a", List.of("ss"), 1, stderr);

        assertThat(e.stderr()).isEqualTo(stderr);
    }

    @Test
    void a_long_listing_line_is_cut_between_two_emoji_and_says_how_many_more_there_were() throws Exception {
        // given: char 160 is the high half of an emoji
        String line = "y" + EMOJI.repeat(100);

        // when
        ListingParseException e = new ListingParseException(ListingFormat.SS, 3, line, "no state");

        // then
        assertThat(e.getMessage()).endsWith(": 'y" + EMOJI.repeat(79) + "… (21 more characters)'");
        assertThat(e.line()).isEqualTo(line);
        strictUtf8(e.getMessage());
    }

    /** Encodes as a strict UTF-8 writer does: a half surrogate pair throws. */
    private static void strictUtf8(String text) throws CharacterCodingException {
        ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        assertThat(new String(bytes.array(), 0, bytes.limit(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
