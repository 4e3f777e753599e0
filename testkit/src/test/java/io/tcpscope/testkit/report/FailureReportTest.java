package io.tcpscope.testkit.report;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.WaitFailedError;
import io.tcpscope.testkit.TimelineRecorder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The report as HTML, parsed by an HTML5 parser: what it holds for a cluster whose links are known by construction. */
class FailureReportTest {

    private static final String EVIL = "<script>alert(1)</script>";

    private static Document parse(FailureReport report) {
        return Jsoup.parse(report.html());
    }

    private static FailureReport scenario() {
        Topology full = Scenario.full("a");
        return FailureReport.builder("MeshTest > heals_after_a_partition()").failure(Scenario.meshNotFormed(full))
                .timeline(Scenario.timeline(100)).environment("Cluster[tcpscope-1234, 4 nodes, AUTO]")
                .at(Scenario.T0.plusSeconds(3)).build();
    }

    @Test
    void the_header_names_the_test_the_time_the_condition_and_what_was_missing() {
        // when
        Document page = parse(scenario());

        // then
        assertThat(page.getElementById("title").text()).isEqualTo("MeshTest > heals_after_a_partition()");
        assertThat(page.getElementById("time").text()).isEqualTo("2026-11-26T12:00:03Z");
        assertThat(page.getElementById("environment").text()).isEqualTo("Cluster[tcpscope-1234, 4 nodes, AUTO]");
        assertThat(page.getElementById("message").text()).startsWith(WaitFailedError.class.getName()
                + ": the cluster did not form a full mesh within 5000 ms");
        assertThat(page.getElementById("condition").text()).isEqualTo("a full mesh");
        assertThat(page.select("#missing li").eachText()).containsExactly("a and d are not connected",
                "b and c are not connected", "b and d are not connected", "c and d are not connected");
        assertThat(page.getElementById("stack").text()).contains("at io.tcpscope.testkit.report.Scenario.meshNotFormed");
    }

    @Test
    void each_link_is_an_edge_coloured_by_its_state_and_health_and_each_pair_without_one_is_drawn() {
        // when
        Document page = parse(scenario());

        // then: the four links the scenario made, each with the state and health it was given
        Map<String, String> edges = page.select("svg.topology g.edge").stream().collect(Collectors.toMap(
                e -> e.attr("data-from") + "->" + e.attr("data-to"),
                e -> e.attr("data-state") + " " + e.attr("data-health") + " " + e.attr("data-ends")));
        assertThat(edges).containsOnly(
                entry("b->a", "ESTABLISHED healthy [ESTAB | ESTAB]"),
                entry("c->a", "ESTABLISHED stalled [ESTAB | ESTAB]"),
                entry("a->b", "FIN_WAIT2 closing [FIN-WAIT-2 | CLOSE-WAIT]"),
                entry("c->b", "SYN_SENT connecting [SYN-SENT | -]"));
        assertThat(page.select("line.missing-pair").stream().map(l -> l.attr("data-a") + "-" + l.attr("data-b")))
                .containsExactly("a-d", "b-c", "b-d", "c-d");
        assertThat(page.select("svg.topology g.node").eachAttr("data-node")).containsExactly("a", "b", "c", "d");
        assertThat(page.selectFirst("g.node[data-node=d]").attr("data-read")).isEqualTo("false");
        assertThat(page.select("#legend li")).hasSize(6);
        assertThat(page.select("#stalled li").eachText()).singleElement().asString()
                .startsWith("c 10.0.0.4:40002 -> a 10.0.0.2:9000: c has " + Scenario.UNSENT + " bytes unsent (ZERO_WINDOW_PROBE");
    }

    @Test
    void its_picture_as_a_file_is_the_pages_picture_with_its_caption_and_legend() {
        // given
        FailureReport report = scenario();
        Document page = parse(report);

        // when
        Document file = Jsoup.parse(report.svg().orElseThrow(), "", Parser.xmlParser());

        // then: the same nodes, links, colours, stalls and missing pairs as the page's picture
        Element svg = file.selectFirst("svg");
        assertThat(svg.attr("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        for (String drawn : List.of("g.node", "g.edge", "line.missing-pair")) {
            assertThat(file.select(drawn).stream().map(FailureReportTest::data).toList()).as(drawn)
                    .isNotEmpty().containsExactlyElementsOf(page.select("svg.topology " + drawn).stream()
                            .map(FailureReportTest::data).toList());
        }
        assertThat(file.select("g.edge[data-health=stalled] > title").text()).contains("since 2026-11-26T12:00:01Z, 2 samples");
        // and, unlike the page's, a caption and a legend of its own
        assertThat(file.select("text.caption").eachText()).isNotEmpty();
        assertThat(file.select("text.missing-pairs").text()).isEqualTo("not connected (4): a \u2013 d, b \u2013 c, b \u2013 d, c \u2013 d");
        assertThat(page.select("svg.topology text.caption, svg.topology text.legend")).isEmpty();
        assertThat(report.topology()).hasValueSatisfying(t -> assertThat(t.nodes()).containsExactly("a", "b", "c", "d"));
        assertThat(FailureReport.builder("plain").failure(new IllegalStateException("boom")).build().svg()).isEmpty();
    }

    /** An element's {@code data-} attributes, which say what it draws, not where. */
    private static String data(Element e) {
        return e.attributes().asList().stream().filter(a -> a.getKey().startsWith("data-")).map(Object::toString)
                .collect(Collectors.joining(" "));
    }

    @Test
    void the_timeline_has_a_lane_per_link_with_its_events_and_lists_every_event_as_text() {
        // when
        Document page = parse(scenario());

        // then: one lane per link that had an event, named as the picture names the link
        List<Element> lanes = page.select("#timeline g.lane");
        assertThat(lanes).extracting(l -> l.attr("data-from") + "->" + l.attr("data-to"))
                .containsExactly("b->a", "c->a", "a->b", "c->b");
        assertThat(lanes).allSatisfy(l -> assertThat(l.select("circle.event").eachAttr("data-kind")).containsExactly("OPENED"));
        assertThat(lanes.stream().map(l -> l.attr("data-link")))
                .containsExactlyInAnyOrderElementsOf(page.select("svg.topology g.edge").eachAttr("data-link"));
        assertThat(page.selectFirst("g.lane[data-from=c][data-to=a]").attr("data-stalled")).isEqualTo("true");
        assertThat(page.getElementById("events").wholeText().lines()).containsExactly(
                "12:00:00 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]",
                "12:00:01 OPENED c 10.0.0.4:40002 -> a 10.0.0.2:9000 [ESTAB | ESTAB]",
                "12:00:01 OPENED a 10.0.0.2:40004 -> b 10.0.0.3:9000 [FIN-WAIT-2 | CLOSE-WAIT]",
                "12:00:01 OPENED c 10.0.0.4:40003 -> b 10.0.0.3:9000 [SYN-SENT | -]");
        assertThat(page.getElementById("sampling").text()).contains("3 samples from 2026-11-26T12:00:00Z to 2026-11-26T12:00:02.500Z");
        assertThat(page.getElementById("dropped")).isNull();
        assertThat(page.select("#recorded-stalls li").eachText()).singleElement().asString()
                .contains("since 2026-11-26T12:00:01Z, 2 samples");
        assertThat(page.select("tr.pair").eachText()).contains("a \u2013 b 0 none");
    }

    @Test
    void events_the_timeline_dropped_are_counted_and_their_links_have_no_lane() {
        // when: a timeline that keeps two of the four events
        Document page = parse(FailureReport.builder("t").timeline(Scenario.timeline(2)).build());

        // then
        assertThat(page.getElementById("dropped").text()).startsWith("2 older events were dropped");
        assertThat(page.select("g.lane")).hasSize(2);
        assertThat(page.getElementById("events").wholeText().lines()).hasSize(2);
    }

    @Test
    void each_node_has_a_row_per_socket_with_every_column_and_an_unread_node_says_why() {
        // given
        Topology full = Scenario.full("a");

        // when
        Document page = parse(scenario());

        // then: each read node's rows are its table, in order
        for (String node : List.of("a", "b", "c")) {
            List<String> rows = page.select("section.node[data-node=" + node + "] tr.row").stream()
                    .map(r -> r.selectFirst("td.state").text() + " " + r.selectFirst("td.local").text() + " "
                            + r.selectFirst("td.remote").ownText())
                    .toList();
            assertThat(rows).as(node).containsExactlyElementsOf(full.table(node).connections().stream()
                    .map(TcpConnection::toString).toList());
        }
        Element stalled = page.selectFirst("section.node[data-node=c] tr.row.waiting");
        assertThat(List.of(stalled.selectFirst("td.recv-q").text(), stalled.selectFirst("td.send-q").text(),
                stalled.selectFirst("td.timer").text(), stalled.selectFirst("td.retransmits").text(),
                stalled.selectFirst("td.remote .peer").text()))
                .containsExactly("0", Long.toString(Scenario.UNSENT), "ZERO_WINDOW_PROBE", "0", "a");
        Element unknown = page.selectFirst("section.node[data-node=b] tr.row[data-state=LISTEN]");
        assertThat(unknown.selectFirst("td.send-q").text()).isEqualTo("?");
        assertThat(unknown.selectFirst("td.timer").text()).isEqualTo("?");
        Element d = page.selectFirst("section.node[data-node=d]");
        assertThat(d.attr("data-read")).isEqualTo("false");
        assertThat(d.select("tr.row")).isEmpty();
        assertThat(d.selectFirst(".unread").text()).contains("container 'd' is paused");
    }

    @Test
    void every_string_from_outside_shows_as_text_and_runs_nothing() {
        // given: a node and a message that are markup, and an attribute that would close its quotes
        Topology evil = Scenario.full(EVIL);
        WaitFailedError failure = new WaitFailedError("no mesh: <img src=x onerror=alert(2)>", "a \"full\" mesh",
                Duration.ofSeconds(1), List.of(EVIL + " and d are not connected"), evil, null);

        // when
        FailureReport report = FailureReport.builder(EVIL).failure(failure).environment("' onmouseover='alert(3)").build();
        Document page = Jsoup.parse(report.html());

        // then: the markup is text, where it belongs, and the page's only script and image are none of it
        assertThat(report.html()).doesNotContain(EVIL).doesNotContain("<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page.select("script")).singleElement().extracting(Element::data).asString().doesNotContain("alert");
        assertThat(page.select("img")).isEmpty();
        assertThat(page.select("[onerror], [onmouseover]")).isEmpty();
        assertThat(page.title()).isEqualTo("tcpscope: " + EVIL);
        assertThat(page.getElementById("title").text()).isEqualTo(EVIL);
        assertThat(page.getElementById("message").text()).contains("no mesh: <img src=x onerror=alert(2)>");
        assertThat(page.getElementById("condition").text()).isEqualTo("a \"full\" mesh");
        assertThat(page.getElementById("environment").text()).isEqualTo("' onmouseover='alert(3)");
        assertThat(page.select("#missing li").eachText()).contains(EVIL + " and d are not connected");
        assertThat(page.select("g.node").eachAttr("data-node")).contains(EVIL);
        assertThat(page.select("section.node h3").eachText()).anyMatch(t -> t.startsWith(EVIL));
        assertThat(page.select("g.edge").eachAttr("data-to")).contains(EVIL);
    }

    @Test
    void the_page_references_nothing_outside_itself() {
        // when
        String html = scenario().html();
        Document page = Jsoup.parse(html);

        // then: no URL at all, no attribute that would load one, and CSS that imports nothing
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("http://", "https://", "//cdn", "@import", "xlink:href");
        assertThat(page.select("[src], [href], link, iframe, object, embed, img, audio, video")).isEmpty();
        assertThat(page.select("style").html().toLowerCase(Locale.ROOT)).doesNotContain("url(");
        assertThat(html.replace("url(#head-", "")).doesNotContain("url(");
    }

    @Test
    void a_recorder_is_read_with_its_counts_and_a_snapshot_alone_shows_its_own_stall() {
        // given: a recorder that samples the full scenario on its own thread, and a snapshot with no timeline
        try (TimelineRecorder recorder = TimelineRecorder.of(() -> Scenario.full("a")).withInterval(Duration.ofMillis(5))
                .start()) {
            recorder.await().withTimeout(Duration.ofSeconds(30)).forEvent(e -> e.joins("c", "b"));

            // when
            Document recorded = parse(FailureReport.builder("recorded").recorder(recorder).build());
            Document alone = parse(FailureReport.builder("alone").topology(Scenario.full("a")).build());

            // then: the recorder's sampling is told, its last sample drawn, its links in lanes
            assertThat(recorded.getElementById("sampling").text()).contains(", every 5 ms; 0 failed; 4 events kept.");
            assertThat(recorded.select("#tables p.meta").text()).startsWith("The timeline's last sample, at ");
            assertThat(recorded.select("g.lane")).hasSize(4);
            // a snapshot tells a stall by itself, without the time a timeline needs to confirm one
            assertThat(alone.select("#stalled li").eachText()).singleElement().asString().endsWith("in this snapshot");
            assertThat(alone.select("g.edge[data-health=stalled]").eachAttr("data-from")).containsExactly("c");
        }
    }

    @Test
    void a_failure_that_is_not_a_wait_says_what_it_does_not_know() {
        // when
        Document page = parse(FailureReport.builder("plain").failure(new IllegalStateException("boom")).build());

        // then
        assertThat(page.getElementById("message").text()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(page.getElementById("condition").text()).startsWith("not known");
        assertThat(page.select("#missing li")).isEmpty();
        assertThat(page.getElementById("no-topology")).isNotNull();
        assertThat(page.getElementById("no-timeline")).isNotNull();
        assertThat(page.select("svg")).isEmpty();
    }

    @Test
    void a_wait_on_one_node_shows_the_last_table_it_read_and_given_words_win_over_the_failures() {
        // given: what forActiveConnections throws: a table, no topology
        List<TcpConnection> table = List.of(c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0),
                c(TcpState.SYN_SENT, "10.0.0.2", 40001, "10.0.0.9", 9000));
        WaitFailedError failure = new WaitFailedError("node-1 did not reach 1", "node-1 has 1 active",
                Duration.ofSeconds(1), List.of(), table, null);

        // when
        Document page = parse(FailureReport.builder("one node").failure(failure).missing(List.of("1 more")).build());

        // then
        assertThat(page.select("tr.row").eachAttr("data-state")).containsExactly("LISTEN", "SYN_SENT");
        assertThat(page.getElementById("condition").text()).isEqualTo("node-1 has 1 active");
        assertThat(page.select("#missing li").eachText()).containsExactly("1 more");
    }

    @Test
    void it_is_written_under_a_safe_name_and_replaces_an_older_report_of_that_name(@TempDir Path folder) throws Exception {
        // given
        FailureReport report = scenario();
        Files.createDirectories(folder.resolve("deeper"));
        Files.writeString(folder.resolve("deeper/MeshTest-heals_after_a_partition.html"), "old");

        // when
        Path file = report.writeTo(folder.resolve("deeper"));

        // then
        assertThat(file).isEqualTo(folder.resolve("deeper/MeshTest-heals_after_a_partition.html"));
        assertThat(Files.readString(file)).isEqualTo(report.html());
        try (var left = Files.list(folder.resolve("deeper"))) {
            assertThat(left).containsExactly(file);
        }
        assertThat(FailureReport.fileName("../../etc/passwd")).isEqualTo("etc-passwd");
        assertThat(FailureReport.fileName("[1] AUTO")).isEqualTo("1-AUTO");
        assertThat(FailureReport.fileName("<>")).isEqualTo("report");
        String longName = "x".repeat(400);
        assertThat(FailureReport.fileName(longName)).hasSize(150).startsWith("x".repeat(141) + "-")
                .isNotEqualTo(FailureReport.fileName("x".repeat(401)));
    }
}
