package io.tcpscope.cli;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
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
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch screen's sink: on a terminal it redraws in place; to a pipe or a file (not a terminal)
 * it writes screens one after the other, with no escape at all unless colour is asked for.
 */
class ScreenSinkTest {

    private static final WatchScreen.Header HEADER =
            new WatchScreen.Header("2 containers: a, b", "auto", Duration.ofMillis(500), ZoneOffset.UTC, null, false);
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
            sink.start(recorder);
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
            sink.start(recorder);
            sink.failure(recorder, Instant.now(), FAILURE);
            sink.close();
        }

        // then: the screen's own sequences, and the container's escaped
        assertThat(out.toString()).startsWith(Terminal.HIDE_CURSOR + Terminal.CLEAR + Terminal.HOME)
                .endsWith(Terminal.RESTORE + "\n").contains("the last: exec failed: \\e[2J\\e]0;owned")
                .doesNotContain("\033]0;owned", "\007", "\u009b");
    }

    @Test
    void the_kernels_events_show_on_the_next_screen_marked_once_under_a_line_that_says_where_events_come_from() {
        // given
        StringWriter out = new StringWriter();
        ScreenSink sink = new ScreenSink(new PrintWriter(out), SIZE, HEADER, false, false);
        Dial refused = new Dial(Instant.parse("2026-01-01T12:00:01.438Z"), "b", "a", Endpoint.of("10.0.0.3", 40002),
                Endpoint.of("10.0.0.2", 9001), DialOutcome.REFUSED, 0);

        // when: a dial fails between two samples
        List<String> screens;
        try (TimelineRecorder recorder = recorder()) {
            sink.start(recorder);
            sink.sample(recorder, List.of());
            sink.event(refused);
            sink.sample(recorder, List.of());
            sink.sample(recorder, List.of());
            sink.close();
            sink.event(refused);
        }
        screens = List.of(out.toString().split("(?=tcpscope watch  )"));

        // then: the first screen has none; the second marks it; the third shows it unmarked
        String line = "12:00:01.438 DIAL_FAILED b -> a:9001 refused (nothing listens on a:9001)";
        assertThat(screens).hasSize(3).allSatisfy(screen -> assertThat(screen.lines().skip(1).findFirst()).contains(
                "source: samples only: no source of kernel events was given (withKernelEvents); samples every 60 s"));
        assertThat(screens.get(0)).doesNotContain("DIAL_FAILED");
        assertThat(screens.get(1).lines()).contains("*  " + line);
        assertThat(screens.get(2).lines()).contains("   " + line);
    }

    @Test
    void it_keeps_the_latest_of_the_kernels_events_and_counts_the_rest() {
        // given
        StringWriter out = new StringWriter();
        ScreenSink sink = new ScreenSink(new PrintWriter(out), SIZE, HEADER, false, false);
        int told = ScreenSink.KERNEL_EVENTS + 5;

        // when
        try (TimelineRecorder recorder = recorder()) {
            sink.start(recorder);
            for (int i = 0; i < told; i++) {
                sink.event(new Dial(Instant.parse("2026-01-01T12:00:00Z").plusMillis(i), "b", "a",
                        Endpoint.of("10.0.0.3", 40000), Endpoint.of("10.0.0.2", 9001), DialOutcome.REFUSED, 0));
            }
            sink.sample(recorder, List.of());
            sink.close();
        }

        // then: every one counted; the newest last, marked; the oldest shown is not the first told
        String screen = out.toString();
        int shown = 30 - 8 - 1; // the terminal's lines, the screen's fixed ones, and the line that says no link is open
        assertThat(screen).contains("Events: " + told + ", newest last; " + (told - shown) + " earlier not shown");
        assertThat(screen.strip()).endsWith("*  12:00:01.004 DIAL_FAILED b -> a:9001 refused (nothing listens on a:9001)");
    }

    @Test
    void closed_before_it_started_as_by_an_early_ctrl_c_it_never_takes_the_terminal() {
        // given
        StringWriter out = new StringWriter();
        ScreenSink sink = new ScreenSink(new PrintWriter(out), SIZE, HEADER, false, true);

        // when
        try (TimelineRecorder recorder = recorder()) {
            sink.close();
            sink.start(recorder);
            sink.sample(recorder, List.of());
        }

        // then
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void the_kernels_events_told_on_one_thread_while_another_draws_are_all_counted() throws Exception {
        // given
        StringWriter out = new StringWriter();
        ScreenSink sink = new ScreenSink(new PrintWriter(out), SIZE, HEADER, false, false);
        int told = 20_000;
        AtomicReference<Throwable> failed = new AtomicReference<>();

        // when: the kernel events' thread tells while the sampler's thread draws
        try (TimelineRecorder recorder = recorder()) {
            sink.start(recorder);
            Thread events = new Thread(() -> {
                for (int i = 0; i < told; i++) {
                    sink.event(new Dial(Instant.parse("2026-01-01T12:00:00Z"), "b", "a", Endpoint.of("10.0.0.3", 40000),
                            Endpoint.of("10.0.0.2", 9001), DialOutcome.REFUSED, 0));
                }
            });
            events.setUncaughtExceptionHandler((t, e) -> failed.set(e));
            events.start();
            while (events.isAlive()) {
                sink.sample(recorder, List.of());
            }
            events.join();
            sink.sample(recorder, List.of());
            sink.close();
        }

        // then: no draw saw the events half-changed, and none was lost
        assertThat(failed.get()).isNull();
        String last = out.toString().substring(out.toString().lastIndexOf("tcpscope watch  "));
        assertThat(last).contains("Events: " + told + ", newest last;");
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
