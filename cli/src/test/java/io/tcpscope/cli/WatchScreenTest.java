package io.tcpscope.cli;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
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
            new WatchScreen.Header("2 containers: a, b", "auto", Duration.ofMillis(500), ZoneOffset.UTC);
    private static final Endpoint A = Endpoint.of("10.0.0.2", 9000);
    private static final PortSet P2P = PortSet.parse("9000-9001");

    private final Timeline timeline = new Timeline();
    private List<LinkEvent> fresh = List.of();

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
        assertThat(screen.subList(4, screen.size())).containsExactly(
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
        assertThat(screen.get(5)).isEqualTo(" ! b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]"
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

        // then: 16 lines, 7 of them fixed; events get a third of the other 9, links the rest
        assertThat(screen).hasSize(16);
        assertThat(screen.get(4)).startsWith("Links: 20 open");
        assertThat(screen.subList(5, 10)).allMatch(l -> l.contains(" -> a 10.0.0.2:9000  [ESTAB | ESTAB]"));
        assertThat(screen.get(10)).isEqualTo("   ... 15 more not shown; a taller terminal or --json shows them");
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
        assertThat(screen.get(5)).isEqualTo(link.substring(0, 37) + "...");
    }

    @Test
    void colour_highlights_the_changes_and_no_colour_leaves_only_the_markers() {
        // given
        sample(0, List.of(dial(40001)));

        // when
        List<String> colour = WatchScreen.render(HEADER, state(0, null), 80, 24, true);
        List<String> plain = render(80, 24);

        // then
        assertThat(colour.get(5)).isEqualTo("\033[7m*  b 10.0.0.3:40001 -> a 10.0.0.2:9000  [ESTAB | ESTAB]\033[0m");
        assertThat(colour.get(8)).startsWith("\033[1m\033[32m*  12:00:00.000 OPENED");
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
        assertThat(screen.get(1)).isEqualTo("12:00:00.000  sample 1  2 failed, the last: cannot reach the Docker engine ...");
        assertThat(screen.get(2)).isEqualTo("nodes: a (0 active), c (not read: container 'c' is paused)");
        assertThat(screen.get(5)).isEqualTo("   (none)");
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
        assertThat(plain.get(1)).endsWith("the last: exec failed: \\e[2J\\e]0;owned\\x07gone\\u009b31m\\u202eevil\\r ...");
        assertThat(plain.get(2)).contains("c (not read: exec failed: \\e[2J");
        assertThat(String.join("\n", colour).replaceAll("\033\\[[0-9;]*m", ""))
                .as("only the screen's own colours are escapes").doesNotContain("\033").doesNotContain("\u009b");
    }

    @Test
    void before_the_first_sample_the_screen_says_it_waits() {
        // when
        List<String> screen = WatchScreen.render(HEADER, new WatchScreen.State(0, 0, null, null, null, java.util.Map.of(),
                List.of(), List.of(), 0, List.of()), 80, 24, false);

        // then
        assertThat(screen).containsExactly(
                "tcpscope watch  2 containers: a, b  mode auto  every 500 ms",
                "waiting for the first sample",
                "nodes: not read yet",
                "",
                "Links: 0 open; * changed since the last screen, ! stalled",
                "   (none)",
                "",
                "Events: 0");
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
                timeline.links(), timeline.stalledLinks(), timeline.events(), timeline.droppedEvents(), fresh);
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
