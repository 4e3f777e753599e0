package io.tcpscope.cli;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch screen, drawn from timelines this test builds, whose links it knows by construction. */
class WatchScreenTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final WatchScreen.Header HEADER =
            new WatchScreen.Header("2 containers: a, b", "auto", Duration.ofMillis(500), ZoneOffset.UTC,
                    "kernel events (tracefs) and samples every 500 ms", true);
    private static final WatchScreen.Header SAMPLES_ONLY = HEADER.withSource("samples only: the containers run on"
            + " another kernel than this process's (a remote or desktop engine), whose events it cannot read;"
            + " samples every 500 ms", false);
    private static final Endpoint A = Endpoint.of("10.0.0.2", 9000);
    private static final PortSet P2P = PortSet.parse("9000-9001");

    private final Timeline timeline = new Timeline();
    private List<LinkEvent> fresh = List.of();
    private WatchScreen.Kernel kernel = WatchScreen.Kernel.NONE;

    @Test
    void a_new_link_is_marked_with_its_event_until_the_next_screen() {
        // given: b dials a from 40001 between the first two samples
        sample(0, List.of());
        sample(1000, List.of(dial(40001)));

        // when
        List<String> first = render(80, 24);
        sample(1500, List.of(dial(40001)));
        List<String> next = render(80, 24);

        // then
        assertThat(first).containsExactly(
                "tcpscope watch  2 containers: a, b  mode auto  every 500 ms",
                "source: kernel events (tracefs) and samples every 500 ms",
                "12:00:01.000  sample 2",
                "nodes: a (1 active), b (1 active)",
                "",
                "Links: 1 open; * changed since the last screen, ! stalled",
                "*  b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]",
                "",
                "Events: 1, newest last",
                "*  12:00:01.000 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]");
        assertThat(next).containsExactly(
                "tcpscope watch  2 containers: a, b  mode auto  every 500 ms",
                "source: kernel events (tracefs) and samples every 500 ms",
                "12:00:01.500  sample 3",
                "nodes: a (1 active), b (1 active)",
                "",
                "Links: 1 open; * changed since the last screen, ! stalled",
                "   b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]",
                "",
                "Events: 1, newest last",
                "   12:00:01.000 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]");
    }

    @Test
    void a_closed_link_shows_once_as_closed_and_its_event_says_what_it_was() {
        // given
        sample(0, List.of(dial(40001)));
        sample(1000, List.of());

        // when
        List<String> screen = render(80, 24);

        // then
        assertThat(screen.subList(5, screen.size())).containsExactly(
                "Links: 0 open; * changed since the last screen, ! stalled",
                "*  b 10.0.0.3:40001 -> a 10.0.0.2:9000  closed, was [ESTAB | ESTAB]",
                "",
                "Events: 2, newest last",
                "   12:00:00.000 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]",
                "*  12:00:01.000 CLOSED b 10.0.0.3:40001 -> a 10.0.0.2:9000 was [ESTAB | ESTAB]");
    }

    @Test
    void a_link_that_stays_stalled_is_marked_with_what_the_kernel_shows() {
        // given: b's end has 1000 bytes unsent and resent 3 times, for 1.5 s
        sample(0, List.of(dial(40001)));
        sample(1000, List.of(stalledDial(40001, 1000, 3)));
        sample(2500, List.of(stalledDial(40001, 1000, 3)));

        // when
        List<String> screen = render(120, 24);

        // then
        assertThat(screen.get(6)).isEqualTo(" ! b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]"
                + "  STALLED: b has 1000 bytes unsent (on,3) since 12:00:01.000");
    }

    @Test
    void what_does_not_fit_is_counted_never_dropped_in_silence() {
        // given: 20 links open, then 30 events more as 15 of them close and open again
        List<TcpConnection> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(dial(40000 + i));
        }
        sample(0, twenty);
        for (int i = 0; i < 15; i++) {
            List<TcpConnection> without = new ArrayList<>(twenty);
            without.remove(i);
            sample(1000 + 2 * i, without);
            sample(1001 + 2 * i, twenty);
        }

        // when
        List<String> screen = render(80, 16);

        // then: 16 lines, 8 of them fixed; events get 3 of the other 8, links the rest
        assertThat(screen).hasSize(16);
        assertThat(screen.get(5)).startsWith("Links: 20 open");
        assertThat(screen.subList(6, 10)).allMatch(l -> l.contains(" -> a 10.0.0.2:9000  [ESTAB | ESTAB]"));
        assertThat(screen.get(10)).isEqualTo("   ... 16 more not shown; a taller terminal or --json shows them");
        assertThat(screen.get(12)).isEqualTo("Events: 50, newest last; 47 earlier not shown");
        assertThat(screen.subList(13, 16)).containsExactly(
                "   12:00:01.027 OPENED b 10.0.0.3:40013 -> a 10.0.0.2:9000 [ESTAB | ESTAB]",
                "   12:00:01.028 CLOSED b 10.0.0.3:40014 -> a 10.0.0.2:9000 was [ESTAB | ESTAB]",
                "*  12:00:01.029 OPENED b 10.0.0.3:40014 -> a 10.0.0.2:9000 [ESTAB | ESTAB]");
    }

    @Test
    void a_line_wider_than_the_terminal_ends_in_dots() {
        // given
        sample(0, List.of(dial(40001)));

        // when
        List<String> screen = render(40, 24);

        // then
        assertThat(screen).allMatch(l -> l.length() <= 40);
        String title = "tcpscope watch  2 containers: a, b  mode auto  every 500 ms";
        String link = "*  b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]";
        assertThat(screen.get(0)).isEqualTo(title.substring(0, 37) + "...");
        assertThat(screen.get(6)).isEqualTo(link.substring(0, 37) + "...");
    }

    @Test
    void colour_highlights_the_changes_and_no_colour_leaves_only_the_markers() {
        // given
        sample(0, List.of(dial(40001)));

        // when
        List<String> colour = WatchScreen.render(HEADER, state(0, null), 80, 24, true);
        List<String> plain = render(80, 24);

        // then
        assertThat(colour.get(6)).isEqualTo("\033[7m*  b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]\033[0m");
        assertThat(colour.get(9)).startsWith("\033[1m\033[32m*  12:00:00.000 OPENED");
        assertThat(String.join("\n", plain)).doesNotContain("\033");
        assertThat(colour.stream().map(l -> l.replaceAll("\033\\[[0-9;]*m", "")).toList()).isEqualTo(plain);
    }

    @Test
    void failures_and_nodes_that_could_not_be_read_are_shown() {
        // given: c is paused, in a mode that cannot read it
        Topology topology = Topology.of(List.of(
                new NodeTable("a", Set.of(ip("10.0.0.2")), List.of(listener())),
                NodeTable.unread("c", Set.of(ip("10.0.0.4")), "container 'c' is paused")), P2P);
        fresh = timeline.add(T0, topology);

        // when
        List<String> screen = WatchScreen.render(HEADER, state(2, "cannot reach the Docker engine\nat unix:///x"), 80, 24, false);

        // then
        assertThat(screen.get(2)).isEqualTo("12:00:00.000  sample 1  2 failed, the last: cannot reach the Docker engine ...");
        assertThat(screen.get(3)).isEqualTo("nodes: a (0 active), c (not read: container 'c' is paused)");
        assertThat(screen.get(6)).isEqualTo("   (none)");
    }

    @Test
    void what_a_container_said_reaches_the_screen_with_its_control_characters_escaped() {
        // given: a failure that quotes a container's stderr, and a node whose read failed the same way, each
        // holding a clear-screen, a window title, a bell, an 8-bit CSI and a right-to-left override
        String stderr = "exec failed: \033[2J\033]0;owned\007gone\u009b31m\u202eevil\r";
        Topology topology = Topology.of(List.of(
                new NodeTable("a", Set.of(ip("10.0.0.2")), List.of(listener())),
                NodeTable.unread("c", Set.of(ip("10.0.0.4")), stderr)), P2P);
        fresh = timeline.add(T0, topology);

        // when
        List<String> plain = WatchScreen.render(HEADER, state(1, stderr + "\nsecond line"), 200, 24, false);
        List<String> colour = WatchScreen.render(HEADER, state(1, stderr), 200, 24, true);

        // then: nothing raw; the escapes say what was there
        assertThat(String.join("\n", plain)).doesNotContainPattern("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e]");
        assertThat(plain.get(2)).endsWith("the last: exec failed: \\e[2J\\e]0;owned\\x07gone\\u009b31m\\u202eevil\\r ...");
        assertThat(plain.get(3)).contains("c (not read: exec failed: \\e[2J");
        assertThat(String.join("\n", colour).replaceAll("\033\\[[0-9;]*m", ""))
                .as("only the screen's own colours are escapes").doesNotContain("\033").doesNotContain("\u009b");
    }

    @Test
    void before_the_first_sample_the_screen_says_it_waits() {
        // when
        List<String> screen = WatchScreen.render(HEADER, new WatchScreen.State(0, 0, null, null, null, java.util.Map.of(),
                List.of(), List.of(), 0, List.of(), WatchScreen.Kernel.NONE), 80, 24, false);

        // then
        assertThat(screen).containsExactly(
                "tcpscope watch  2 containers: a, b  mode auto  every 500 ms",
                "source: kernel events (tracefs) and samples every 500 ms",
                "waiting for the first sample",
                "nodes: not read yet",
                "",
                "Links: 0 open; * changed since the last screen, ! stalled",
                "   (none)",
                "",
                "Events: 0");
    }

    @Test
    void the_kernels_failed_dials_and_resets_show_among_the_links_events_in_time_order_the_new_ones_marked() {
        // given: a sample opens b's link to a at 1.000; the kernel told a refused dial at 0.500, before the
        // last screen, and a reset at 1.200, since
        sample(0, List.of());
        sample(1000, List.of(dial(40001)));
        kernel = new WatchScreen.Kernel(List.of(refused(500, "b", "a"), reset(1200, "a", "b")), 0, 1);

        // when
        List<String> screen = render(100, 24);

        // then
        assertThat(screen.get(1)).isEqualTo("source: kernel events (tracefs) and samples every 500 ms");
        assertThat(screen.subList(8, screen.size())).containsExactly(
                "Events: 3, newest last",
                "   12:00:00.500 DIAL_FAILED b -> a:9001 refused (nothing listens on a:9001)",
                "*  12:00:01.000 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]",
                "*  12:00:01.200 RESET a 10.0.0.2:9000 -> b 10.0.0.3:40001 (ESTAB)");
    }

    @Test
    void an_end_that_is_no_nodes_is_shown_by_its_address() {
        // given: a dial to an address no node has, given up after 3 SYNs more; resets from and to outside
        Dial timedOut = new Dial(T0, "b", null, Endpoint.of("10.0.0.3", 40002), Endpoint.of("10.9.9.9", 9000),
                DialOutcome.TIMED_OUT, 3);
        Dial unreachable = new Dial(T0, "b", null, Endpoint.of("fd00::3", 40003), Endpoint.of("fd00::9", 9001),
                DialOutcome.UNREACHABLE, 0);
        LinkReset fromOutside = new LinkReset(T0, null, "a", Endpoint.of("10.9.9.9", 9000), Endpoint.of("10.0.0.2", 40004),
                TcpState.FIN_WAIT1);
        LinkReset toOutside = new LinkReset(T0, "a", null, A, Endpoint.of("10.9.9.9", 40005), TcpState.ESTABLISHED);

        // then
        assertThat(WatchScreen.kernelText(timedOut)).isEqualTo("DIAL_FAILED b -> 10.9.9.9:9000 timed out after 3 SYN"
                + " retransmits (SYNs unanswered: a partition or a firewall?)");
        assertThat(WatchScreen.kernelText(unreachable)).isEqualTo("DIAL_FAILED b -> [fd00::9]:9001 unreachable"
                + " (no route to [fd00::9]:9001, or a firewall rejected it)");
        assertThat(WatchScreen.kernelText(fromOutside)).isEqualTo("RESET 10.9.9.9:9000 -> a 10.0.0.2:40004 (FIN-WAIT-1)");
        assertThat(WatchScreen.kernelText(toOutside)).isEqualTo("RESET a 10.0.0.2:9000 -> 10.9.9.9:40005 (ESTAB)");
    }

    @Test
    void the_kernels_events_are_red_the_new_ones_bold_and_samples_only_is_yellow() {
        // given
        sample(0, List.of());
        kernel = new WatchScreen.Kernel(List.of(refused(500, "b", "a"), reset(700, "a", "b")), 0, 1);

        // when
        List<String> colour = WatchScreen.render(HEADER, state(0, null), 100, 24, true);
        List<String> samplesOnly = WatchScreen.render(SAMPLES_ONLY, state(0, null), 100, 24, true);

        // then: the source is plain when the kernel's events are read
        assertThat(colour.get(1)).isEqualTo("source: kernel events (tracefs) and samples every 500 ms");
        assertThat(colour.subList(colour.size() - 2, colour.size())).containsExactly(
                "\033[31m   12:00:00.500 DIAL_FAILED b -> a:9001 refused (nothing listens on a:9001)\033[0m",
                "\033[1m\033[31m*  12:00:00.700 RESET a 10.0.0.2:9000 -> b 10.0.0.3:40001 (ESTAB)\033[0m");
        assertThat(samplesOnly.get(1)).isEqualTo("\033[33m" + ("source: samples only: the containers run on another"
                + " kernel than this process's (a remote or desktop engine), whose ev").substring(0, 97) + "...\033[0m");
        assertThat(render(100, 24).get(1)).doesNotContain("\033");
    }

    @Test
    void what_a_kernel_event_names_is_shown_with_its_control_characters_escaped() {
        // given: a name that holds a window title and a bell
        sample(0, List.of());
        kernel = new WatchScreen.Kernel(List.of(refused(500, "b\033]0;owned\007", "a")), 0, 1);

        // when
        List<String> plain = render(120, 24);

        // then
        assertThat(plain.get(plain.size() - 1)).isEqualTo(
                "*  12:00:00.500 DIAL_FAILED b\\e]0;owned\\x07 -> a:9001 refused (nothing listens on a:9001)");
    }

    @Test
    void the_kernels_events_not_kept_are_counted_with_the_links() {
        // given: 2 kept, 5 older dropped
        sample(0, List.of());
        kernel = new WatchScreen.Kernel(List.of(refused(500, "b", "a"), refused(600, "b", "a")), 5, 0);

        // when
        List<String> screen = render(100, 24);

        // then
        assertThat(screen.get(8)).isEqualTo("Events: 7, newest last; 5 earlier not shown");
        assertThat(screen.subList(9, screen.size())).hasSize(2).allMatch(l -> l.startsWith("   12:00:00."));
    }

    @Test
    void a_frame_draws_from_the_top_clearing_each_line_and_what_is_below() {
        assertThat(WatchScreen.frame(List.of("one", "two")))
                .isEqualTo("\033[H" + "one\033[K\n" + "two\033[K" + "\033[J");
    }

    private List<String> render(int columns, int lines) {
        return WatchScreen.render(HEADER, state(0, null), columns, lines, false);
    }

    private WatchScreen.State state(long failed, String lastFailure) {
        return new WatchScreen.State(timeline.samples(), failed, lastFailure, timeline.lastSample(), timeline.latest(),
                timeline.links(), timeline.stalledLinks(), timeline.events(), timeline.droppedEvents(), fresh, kernel);
    }

    /** A sample of a, which listens on 9000, and b, whose dials to a are given; a's table mirrors them. */
    private void sample(long millis, List<TcpConnection> dialsOfB) {
        List<TcpConnection> a = new ArrayList<>(List.of(listener()));
        dialsOfB.forEach(d -> a.add(TcpConnection.of(A, d.local(), TcpState.ESTABLISHED)));
        Topology topology = Topology.of(List.of(
                new NodeTable("a", Set.of(ip("10.0.0.2")), a),
                new NodeTable("b", Set.of(ip("10.0.0.3")), dialsOfB)), P2P);
        fresh = timeline.add(T0.plusMillis(millis), topology);
    }

    private static Dial refused(long millis, String from, String to) {
        return new Dial(T0.plusMillis(millis), from, to, Endpoint.of("10.0.0.3", 40100), Endpoint.of("10.0.0.2", 9001),
                DialOutcome.REFUSED, 0);
    }

    private static ConnectionEvent reset(long millis, String sender, String receiver) {
        return new LinkReset(T0.plusMillis(millis), sender, receiver, A, Endpoint.of("10.0.0.3", 40001), TcpState.ESTABLISHED);
    }

    private static TcpConnection listener() {
        return TcpConnection.of(Endpoint.of("0.0.0.0", 9000), Endpoint.of("0.0.0.0", 0), TcpState.LISTEN);
    }

    private static TcpConnection dial(int port) {
        return TcpConnection.of(Endpoint.of("10.0.0.3", port), A, TcpState.ESTABLISHED);
    }

    private static TcpConnection stalledDial(int port, long unsent, long retransmits) {
        return new TcpConnection(Endpoint.of("10.0.0.3", port), A, TcpState.ESTABLISHED, 0, unsent,
                TcpConnection.UNKNOWN, TcpConnection.UNKNOWN, List.of(), TcpTimer.RETRANSMIT, retransmits);
    }

    private static InetAddress ip(String literal) {
        return Endpoint.of(literal, 1).address();
    }
}
