package io.tcpscope.testkit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A report is written whatever its text holds: a message cut in half a character does not lose it. */
class FailureReportEncodingTest {

    @Test
    void a_failure_whose_message_holds_a_lone_surrogate_is_written_as_readable_utf8(@TempDir Path folder)
            throws Exception {
        // given: a message that ends in the high half of an emoji, as a message cut in the middle of one did
        String message = "stderr: \uD83D\uDE00\uD83D";
        FailureReport report = FailureReport.builder("EncodingTest > lone_surrogate()")
                .failure(new IllegalStateException(message)).build();

        // when
        Path file = report.writeTo(folder);

        // then: strict UTF-8 that an HTML parser reads, the whole emoji kept and the half one replaced
        byte[] bytes = Files.readAllBytes(file);
        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        Document page = Jsoup.parse(text);
        assertThat(page.getElementById("title").text()).isEqualTo("EncodingTest > lone_surrogate()");
        assertThat(page.getElementById("message").text())
                .isEqualTo(IllegalStateException.class.getName() + ": stderr: \uD83D\uDE00?");
    }
}
