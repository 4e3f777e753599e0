package io.tcpscope.cli;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.TimelineRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch screen's sink: on a terminal it redraws in place; to a pipe or a file (not a terminal)
 * it writes screens one after the other, with no escape at all unless colour is asked for.
 */
class ScreenSinkTest {

    private static final WatchScreen.Header HEADER =
            new WatchScreen.Header("2 containers: a, b", "auto", Duration.ofMillis(500), ZoneOffset.UTC);
    private static final Terminal SIZE = new Terminal(() -> null, Map.of("COLUMNS", "120", "LINES", "30"));
    /** A failure quoting a container's stderr: a clear-screen, a window title and an 8-bit CSI. */
    private static final RuntimeException FAILURE = new IllegalStateException("exec failed: \033[2J\033]0;owned\007\u009b31m");

    @Test
    void to_a_pipe_screens_follow_each_other_with_no_escape_byte() {
        // given
        StringWriter out = new StringWriter();
        ScreenSink sink = new ScreenSink(new PrintWriter(out), SIZE, HEADER, false, false);

        // when: a sample that failed, one that was read, and the end
        try (TimelineRecorder recorder = recorder()) {
            sink.start();
            sink.failure(recorder, Instant.now(), FAILURE);
            sink.sample(recorder, List.of());
            sink.close();
        }

        // then
        assertThat(out.toString()).doesNotContain("\033", "\u009b", "\007")
                .contains("1 failed, the last: exec failed: \\e[2J\\e]0;owned\\x07\\u009b31m")
                .startsWith("tcpscope watch  2 containers: a, b").endsWith("\n\n");
        assertThat(out.toString().split("tcpscope watch  ", -1)).as("a screen per sample").hasSize(3);
    }

    @Test
    void on_a_terminal_it_redraws_in_place_and_gives_the_terminal_back() {
        // given
        StringWriter out = new StringWriter();
        ScreenSink sink = new ScreenSink(new PrintWriter(out), SIZE, HEADER, false, true);

        // when
        try (TimelineRecorder recorder = recorder()) {
            sink.start();
            sink.failure(recorder, Instant.now(), FAILURE);
            sink.close();
        }

        // then: the screen's own sequences, and the container's escaped
        assertThat(out.toString()).startsWith(Terminal.HIDE_CURSOR + Terminal.CLEAR + Terminal.HOME)
                .endsWith(Terminal.RESTORE + "\n").contains("the last: exec failed: \\e[2J\\e]0;owned")
                .doesNotContain("\033]0;owned", "\007", "\u009b");
    }

    @ParameterizedTest(name = "--color={0}, a terminal: {1}, NO_COLOR={2}: {3}")
    @CsvSource(nullValues = "null", value = {
        "auto, true, null, true",
        "auto, true, '', true",
        "auto, true, 1, false",
        "auto, false, null, false",
        "always, false, 1, true",
        "never, true, null, false",
    })
    void colour_only_on_a_terminal_without_no_color_unless_asked(WatchCommand.ColorWhen when, boolean terminal,
                                                                  String noColor, boolean colours) {
        assertThat(when.colors(terminal, noColor)).isEqualTo(colours);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"/dev/pts/3, true", "/dev/tty1, true", "/dev/tty, true", "pipe:[123456], false",
            "/tmp/screens.txt, false", "/dev/null, false"})
    void a_terminal_is_a_tty_device(String target, boolean terminal) {
        assertThat(Terminal.isTerminalDevice(target)).isEqualTo(terminal);
    }

    /** A recorder whose timeline holds samples of a and b; started, as the sink is given one. */
    private static TimelineRecorder recorder() {
        Topology topology = Topology.of(List.of(
                new NodeTable("a", Set.of(Endpoint.of("10.0.0.2", 1).address()), List.of(
                        TcpConnection.of(Endpoint.of("0.0.0.0", 9000), Endpoint.of("0.0.0.0", 0), TcpState.LISTEN))),
                new NodeTable("b", Set.of(Endpoint.of("10.0.0.3", 1).address()), List.of())), PortSet.parse("9000"));
        return TimelineRecorder.of(() -> topology).withInterval(Duration.ofSeconds(60)).start();
    }
}
