package io.tcpscope.testkit.report;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.testkit.TimelineRecorder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The kernel's connection events in the report, parsed by an HTML5 parser: the oracle is
 * {@link KernelScenario}'s events, each dial's end and each reset known by construction, on
 * {@link Scenario}'s links.
 */
class FailureReportKernelEventsTest {

    private static final String EVIL = "<script>alert(1)</script>";

    private static Document report(EventLog log) {
        return Jsoup.parse(FailureReport.builder("MeshTest > heals_after_a_partition()")
                .failure(Scenario.meshNotFormed(Scenario.full("a"))).timeline(Scenario.timeline(100)).events(log)
                .at(Scenario.T0.plusSeconds(3)).build().html());
    }

    /** Each lane's marks, by {@code data-mark} (and for a reset, who sent it), keyed as the lane's label names it. */
    private static Map<String, List<String>> marksByLane(Document page) {
        Map<String, List<String>> lanes = new LinkedHashMap<>();
        for (Element lane : page.select("svg.lanes > g.lane, svg.lanes > g.kernel-lane")) {
            String key = lane.hasClass("lane") ? lane.attr("data-from") + "->" + lane.attr("data-to")
                    : lane.attr("data-a") + "~" + lane.attr("data-b");
            lanes.put(key, lane.select("path.kernel-mark").stream()
                    .map(m -> m.attr("data-mark") + (m.hasAttr("data-sent-by") ? " by " + m.attr("data-sent-by") : ""))
                    .toList());
        }
        return lanes;
    }

    @Test
    void each_failed_dial_and_reset_is_marked_on_its_links_lane_else_its_pairs_else_a_lane_of_its_own() {
        // when
        Document page = report(KernelScenario.log());

        // then: the timed-out dial on the SYN-SENT link it was, the reset on the link it ended, the pairs'
        // dials on a link of the pair (the dialer's first), a and d's refused dials on a lane of their own,
        // and the events with one node only on no lane: another link of that node would be the wrong place
        assertThat(marksByLane(page)).containsExactly(
                entry("b->a", List.of("reset by second")),
                entry("c->a", List.of()),
                entry("a->b", List.of("handshake-reset")),
                entry("c->b", List.of("timed-out", "unreachable")),
                entry("a~d", List.of("refused", "refused")));
        assertThat(page.select("path.kernel-mark").stream().collect(Collectors.groupingBy(m -> m.attr("data-mark"),
                Collectors.counting()))).containsOnly(entry("refused", 2L), entry("timed-out", 1L), entry("unreachable", 1L),
                entry("handshake-reset", 1L), entry("reset", 1L));
        Element reset = page.selectFirst("g.lane[data-from=b][data-to=a] path.kernel-mark");
        assertThat(List.of(reset.attr("data-kind"), reset.attr("data-sender"), reset.attr("data-receiver")))
                .containsExactly("RESET", "a", "b");
        // the lanes of the links are still one per link, and the kernel's own lane links to nothing
        assertThat(page.select("g.lane")).hasSize(4);
        assertThat(page.selectFirst("g.kernel-lane").hasAttr("data-link")).isFalse();
        assertThat(page.select("#mark-legend .mark-key").eachAttr("data-mark"))
                .containsExactly("refused", "timed-out", "unreachable", "handshake-reset", "reset");
    }

    @Test
    void each_marks_tooltip_is_the_event_and_what_it_most_likely_means() {
        // when
        Document page = report(KernelScenario.log());

        // then
        assertThat(page.select("path.kernel-mark")).allSatisfy(m -> assertThat(m.select("> title")).hasSize(1));
        assertThat(page.select("g.kernel-lane path.kernel-mark > title").eachText()).hasSize(2).allSatisfy(t ->
                assertThat(t).matches("12:00:00\\.[23]00 DIAL_FAILED a -> d:9000 refused refused: nothing listens on d:9000"));
        assertThat(page.selectFirst("g.lane[data-from=c][data-to=b] path[data-mark=timed-out] > title").wholeText())
                .isEqualTo("12:00:01.200 DIAL_FAILED c -> b:9000 timed out after 2 SYN retransmits\n"
                        + "timed out: SYNs unanswered: a partition or a firewall?, after 2 SYN retransmits");
        assertThat(page.selectFirst("g.lane[data-from=b][data-to=a] path[data-mark=reset] > title").wholeText())
                .isEqualTo("12:00:02 RESET a 10.0.0.2:9000 -> b 10.0.0.3:40001 (ESTAB)\na sent the reset; b's socket was ESTAB");
        assertThat(page.select("g.lane[data-from=c][data-to=a] path.kernel-mark")).as("a reset from outside, on another link")
                .isEmpty();
    }

    @Test
    void the_section_diagnoses_first_then_lists_every_failed_dial_and_reset_with_the_ones_on_no_lane_told() {
        // given
        EventLog log = KernelScenario.log();

        // when
        Document page = report(log);

        // then: the diagnosis over the recording, from its first sample (T0) to its last (2.5 s later)
        Element section = page.getElementById("kernel-events");
        assertThat(section.children().stream().map(e -> e.tagName() + "#" + e.id()))
                .containsExactly("h2#", "ul#diagnosis", "p#kernel-counts", "table#kernel-table");
        assertThat(section.select("#diagnosis li").eachText())
                .containsExactlyElementsOf(log.diagnose(Scenario.T0.plusMillis(2500), Duration.ofSeconds(3)))
                .contains("a dialed d:9000 2 times in the last 3 s: 2 refused (nothing listens on d:9000)",
                        "a reset b's link once in the last 3 s");
        assertThat(page.getElementById("kernel-counts").text())
                .isEqualTo("7 failed dials, 2 resets of live links, 1 dial connected.");
        assertThat(page.select("#kernel-table tr.kernel-row").stream().map(r -> String.join(" | ",
                r.select("td").eachText()) + " | " + r.attr("data-mark") + " " + r.attr("data-on-lane"))).containsExactly(
                "12:00:00.200000 | DIAL_FAILED | a 10.0.0.2:41000 | d 10.0.0.5:9000 | refused: nothing listens on d:9000 | refused true",
                "12:00:00.300000 | DIAL_FAILED | a 10.0.0.2:41001 | d 10.0.0.5:9000 | refused: nothing listens on d:9000 | refused true",
                "12:00:01.200000 | DIAL_FAILED | c 10.0.0.4:40003 | b 10.0.0.3:9000 | timed out: SYNs unanswered: a partition"
                        + " or a firewall?, after 2 SYN retransmits | timed-out true",
                "12:00:01.500000 | DIAL_FAILED | b 10.0.0.3:41002 | c 10.0.0.4:9000 | unreachable: no route to c:9000, or a"
                        + " firewall rejected it | unreachable true",
                "12:00:01.600000 | DIAL_FAILED | a 10.0.0.2:41003 | b 10.0.0.3:9000 | reset: reset during the handshake"
                        + " | handshake-reset true",
                "12:00:02.000000 | RESET | a 10.0.0.2:9000 | b 10.0.0.3:40001 | a sent the reset; b's socket was ESTAB | reset true",
                "12:00:02.100000 | RESET | (not a node) 10.0.0.9:7000 | c 10.0.0.4:45000 | an address outside the cluster sent"
                        + " the reset; c's socket was ESTAB | reset false",
                "12:00:02.200000 | DIAL_FAILED | c 10.0.0.4:41004 | 10.0.0.9:9000 (no node) | refused: nothing listens on"
                        + " 10.0.0.9:9000 | refused false",
                "12:00:02.300000 | DIAL_FAILED | e 10.0.0.6:41005 | 10.0.0.9:9000 (no node) | refused: nothing listens on"
                        + " 10.0.0.9:9000 | refused false");
        assertThat(page.select("#kernel-table caption").text())
                .isEqualTo("3 of 9 have no lane above: one end is no node, on a link no sample showed.");
    }

    @Test
    void events_with_no_timeline_are_marked_on_lanes_of_their_pairs_and_no_events_at_all_are_said() {
        // when
        Document page = Jsoup.parse(FailureReport.builder("t").events(KernelScenario.log()).build().html());
        Document neither = Jsoup.parse(FailureReport.builder("t").build().html());

        // then: the pairs in the order of their first failure, each node's events on its first pair's lane
        assertThat(page.getElementById("no-timeline")).isNotNull();
        assertThat(marksByLane(page)).containsExactly(
                entry("a~d", List.of("refused", "refused")),
                entry("b~c", List.of("timed-out", "unreachable")),
                entry("a~b", List.of("handshake-reset", "reset by first")));
        assertThat(page.select("#kernel-table tr.kernel-row")).hasSize(9);
        // the diagnosis covers the events' own span, 2.2 s, whatever the time of the report
        assertThat(page.select("#diagnosis li").eachText()).contains("a reset b's link once in the last 3 s");
        assertThat(neither.getElementById("no-kernel-events").text()).startsWith("No kernel events were given");
        assertThat(neither.select("svg")).isEmpty();
    }

    @Test
    void a_recorder_that_samples_only_says_that_failed_dials_could_not_be_seen_and_a_log_given_wins() throws Exception {
        // given: a recorder with no source of kernel events
        try (TimelineRecorder recorder = TimelineRecorder.of(() -> Scenario.full("a")).withInterval(Duration.ofMillis(5))
                .start()) {
            recorder.await().withTimeout(Duration.ofSeconds(30)).forEvent(e -> e.joins("c", "b"));

            // when
            Document samplesOnly = Jsoup.parse(FailureReport.builder("r").recorder(recorder).build().html());
            Document given = Jsoup.parse(FailureReport.builder("r").recorder(recorder).events(KernelScenario.log()).build()
                    .html());

            // then
            assertThat(recorder.source()).startsWith("samples only: ");
            assertThat(samplesOnly.getElementById("samples-only").text()).isEqualTo(recorder.source()
                    + ". So a dial that failed, or a link reset between two samples, could not be seen:"
                    + " it leaves no socket for a sample to see.");
            assertThat(samplesOnly.select("path.kernel-mark, #kernel-table, #diagnosis, #mark-legend")).isEmpty();
            assertThat(samplesOnly.select("g.lane")).hasSize(4);
            assertThat(given.getElementById("samples-only")).isNull();
            assertThat(given.select("#kernel-table tr.kernel-row")).hasSize(9);
            assertThat(given.select("path.kernel-mark")).hasSize(6);
        }
    }

    @Test
    void a_refused_dial_the_kernel_told_the_timeline_is_a_mark_not_a_lane_of_its_own() {
        // given: the timeline the kernel's events fed with five refused dials from d to a
        Timeline timeline = Scenario.timeline(100);
        Endpoint listener = Endpoint.of(Scenario.A, 9000);
        for (int i = 0; i < 5; i++) {
            Instant at = Scenario.T0.plusMillis(2600 + i);
            timeline.apply(List.of(new TcpTraceEvent(at, TcpTraceEvent.Kind.STATE_CHANGE, Endpoint.of(Scenario.D, 0), listener,
                            TcpState.CLOSE, TcpState.SYN_SENT, 0),
                    new TcpTraceEvent(at, TcpTraceEvent.Kind.STATE_CHANGE, Endpoint.of(Scenario.D, 41000 + i), listener,
                            TcpState.SYN_SENT, TcpState.CLOSE, 0)));
        }
        assertThat(timeline.events()).filteredOn(e -> e.link().from().equals("d")).hasSize(10).allMatch(LinkEvent::isHandshake);

        // when
        Document page = Jsoup.parse(FailureReport.builder("t").timeline(timeline).at(Scenario.T0.plusSeconds(3)).build().html());

        // then: no lane, and no listed event, is one of those dials'
        assertThat(page.select("svg.lanes > g.lane")).noneMatch(lane -> lane.attr("data-from").equals("d"));
        assertThat(page.text()).doesNotContain(Scenario.D + ":4100");
    }

    @Test
    void a_live_log_with_nothing_failed_says_so() {
        // given: a log that read no event, from a source that reads the kernel's
        EventLog empty = new EventLog(10).snapshot();

        // when
        Document page = Jsoup.parse(FailureReport.builder("t").timeline(Scenario.timeline(100)).events(empty).build().html());

        // then
        assertThat(page.getElementById("kernel-counts").text()).isEqualTo("0 failed dials, 0 resets of live links, 0 dials connected.");
        assertThat(page.getElementById("no-failed-dials")).isNotNull();
        assertThat(page.select("path.kernel-mark, g.kernel-lane, #diagnosis, #samples-only")).isEmpty();
    }

    @Test
    void every_name_in_the_kernel_events_shows_as_text_and_runs_nothing() {
        // given: nodes whose names are markup, and one that would close an attribute's quotes
        String quotes = "d\" onmouseover=\"alert(4)";

        // when
        FailureReport report = FailureReport.builder("t").timeline(Scenario.timeline(100))
                .events(KernelScenario.log(EVIL, quotes)).build();
        Document page = Jsoup.parse(report.html());

        // then
        assertThat(report.html()).doesNotContain(EVIL);
        assertThat(page.select("script")).singleElement().extracting(Element::data).asString().doesNotContain("alert");
        assertThat(page.select("[onmouseover]")).isEmpty();
        assertThat(page.select("g.kernel-lane").eachAttr("data-a")).contains(EVIL);
        assertThat(page.select("g.kernel-lane").eachAttr("data-b")).contains(quotes);
        assertThat(page.select("path.kernel-mark").eachAttr("data-to")).contains(quotes + ":9000");
        assertThat(page.select("path.kernel-mark > title").eachText())
                .contains("12:00:00.200 DIAL_FAILED " + EVIL + " -> " + quotes + ":9000 refused refused: nothing listens on "
                        + quotes + ":9000");
        assertThat(page.select("#kernel-table td.from").eachText()).contains(EVIL + " 10.0.0.2:41000");
        assertThat(page.select("#diagnosis li").eachText()).anyMatch(d -> d.startsWith(EVIL + " dialed " + quotes + ":9000"));
    }
}
