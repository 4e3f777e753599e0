package io.tcpscope.testkit.report;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.WaitFailedError;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Reports made by hand, rendered by a real headless Chromium: every section is in the DOM the
 * browser built, the page's script ran without an error, and markup from outside stays text.
 */
class FailureReportBrowserIT {

    private static final String EVIL = "<script>alert(1)</script>";

    @TempDir
    Path folder;

    @Test
    void a_report_renders_every_section_with_no_script_error_and_as_a_picture() throws Exception {
        // given
        Chromium chromium = Chromium.require();
        Path page = FailureReport.builder("MeshTest > heals_after_a_partition()")
                .failure(Scenario.meshNotFormed(Scenario.full("a"))).timeline(Scenario.timeline(100))
                .environment("Cluster[tcpscope-1234, 4 nodes, AUTO]").build().writeTo(folder);

        // when
        Chromium.Rendered rendered = chromium.render(page);
        byte[] png = chromium.screenshot(page, folder.resolve("report.png"), 1280, 1600);

        // then: the script ran, and nothing reached the console
        Document dom = rendered.dom();
        assertThat(rendered.console()).isEmpty();
        assertThat(dom.body().attr("data-ready")).isEqualTo(Integer.toString(dom.select("[data-link]").size())).isNotEqualTo("0");
        // every section, as the scenario built it
        assertThat(dom.getElementById("condition").text()).isEqualTo("a full mesh");
        assertThat(dom.select("#missing li")).hasSize(4);
        assertThat(dom.select("g.edge").eachAttr("data-health")).containsExactlyInAnyOrder("healthy", "stalled", "closing",
                "connecting");
        assertThat(dom.select("g.lane")).hasSize(4);
        assertThat(dom.select("section.node[data-node=a] tr.row")).hasSize(4);
        assertThat(dom.select("section.node[data-node=b] tr.row")).hasSize(3);
        assertThat(dom.select("section.node[data-node=c] tr.row")).hasSize(3);
        assertThat(dom.selectFirst("section.node[data-node=d] .unread").text()).contains("container 'd' is paused");
        // and the page as a picture, at the window's size
        assertThat(Chromium.pngSize(png)).containsExactly(1280, 1600);
    }

    @Test
    void the_kernels_failed_dials_and_resets_render_as_marks_on_their_lanes_each_with_its_tooltip() throws Exception {
        // given: KernelScenario's events on Scenario's timeline, every mark known by construction
        Chromium chromium = Chromium.require();
        Path page = FailureReport.builder("kernel events").failure(Scenario.meshNotFormed(Scenario.full("a")))
                .timeline(Scenario.timeline(100)).events(KernelScenario.log()).at(Scenario.T0.plusSeconds(3)).build()
                .writeTo(folder);

        // when
        Chromium.Rendered rendered = chromium.render(page);

        // then: the browser parsed every mark (a path it cannot parse is an error on the console) and the script ran
        Document dom = rendered.dom();
        assertThat(rendered.console()).isEmpty();
        assertThat(dom.body().attr("data-ready")).isEqualTo(Integer.toString(dom.select("[data-link]").size()));
        // each lane's marks, in the DOM the browser built
        Map<String, List<String>> lanes = new LinkedHashMap<>();
        for (Element lane : dom.select("svg.lanes > g.lane, svg.lanes > g.kernel-lane")) {
            lanes.put(lane.hasClass("lane") ? lane.attr("data-from") + "->" + lane.attr("data-to")
                    : lane.attr("data-a") + "~" + lane.attr("data-b"), lane.select("path.kernel-mark").eachAttr("data-mark"));
        }
        assertThat(lanes).containsExactly(
                entry("b->a", List.of("reset")),
                entry("c->a", List.of()),
                entry("a->b", List.of("handshake-reset")),
                entry("c->b", List.of("timed-out", "unreachable")),
                entry("a~d", List.of("refused", "refused")));
        // and each mark's tooltip: its event and what it most likely means
        List<Element> marks = dom.select("path.kernel-mark");
        assertThat(marks).hasSize(6).allSatisfy(m -> {
            assertThat(m.attr("d")).isNotBlank();
            assertThat(m.select("> title")).singleElement().extracting(Element::wholeText).asString()
                    .contains(m.attr("data-kind").equals("RESET") ? " RESET " : " DIAL_FAILED ").contains("\n");
        });
        assertThat(dom.select("g.kernel-lane path.kernel-mark > title").eachText()).containsOnly(
                "12:00:00.200 DIAL_FAILED a -> d:9000 refused refused: nothing listens on d:9000",
                "12:00:00.300 DIAL_FAILED a -> d:9000 refused refused: nothing listens on d:9000");
        assertThat(dom.select("#mark-legend .mark-key svg path")).hasSize(5);
        assertThat(dom.select("#kernel-table tr.kernel-row")).hasSize(9);
        assertThat(dom.select("#diagnosis li")).isNotEmpty();
    }

    @Test
    void markup_in_names_and_messages_renders_as_text_and_runs_nothing() throws Exception {
        // given
        Chromium chromium = Chromium.require();
        Topology evil = Scenario.full(EVIL);
        WaitFailedError failure = new WaitFailedError("no mesh: <img src=x onerror=console.error('ran')>",
                "a full mesh", Duration.ofSeconds(1), List.of(EVIL + " and d are not connected"), evil, null);
        Path page = FailureReport.builder(EVIL).failure(failure).build().writeTo(folder, "evil");

        // when
        Chromium.Rendered rendered = chromium.render(page);

        // then: the browser made text of it, no element, and ran only the page's own script
        Document dom = rendered.dom();
        assertThat(rendered.console()).isEmpty();
        assertThat(dom.select("script")).hasSize(1);
        assertThat(dom.select("img")).isEmpty();
        assertThat(dom.title()).isEqualTo("tcpscope: " + EVIL);
        assertThat(dom.getElementById("title").text()).isEqualTo(EVIL);
        assertThat(dom.getElementById("message").text()).contains("<img src=x onerror=console.error('ran')>");
        assertThat(dom.select("section.node h3")).extracting(Element::ownText).contains(EVIL);
        assertThat(dom.select("g.node").eachAttr("data-node")).contains(EVIL);
    }

    @Test
    void the_browser_shows_a_script_error_so_its_absence_means_something() throws Exception {
        // given: a page whose script fails, and one whose script never runs
        Chromium chromium = Chromium.require();
        Path broken = Files.writeString(folder.resolve("broken.html"),
                "<!DOCTYPE html><html><body><script>noSuchFunction();</script></body></html>");

        // when
        Chromium.Rendered rendered = chromium.render(broken);

        // then
        assertThat(rendered.console()).anySatisfy(line -> assertThat(line).contains("Uncaught ReferenceError"));
        assertThat(rendered.dom().body().hasAttr("data-ready")).isFalse();
    }
}
