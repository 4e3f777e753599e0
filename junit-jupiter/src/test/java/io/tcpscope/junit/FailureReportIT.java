package io.tcpscope.junit;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.WaitFailedError;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.report.Chromium;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension's failure report of a real failure, rendered by a real headless Chromium: a
 * cluster of three, node-3 cut off while the extension records, and a full mesh awaited in vain.
 * What the page must show is known by construction (node-3 is the one cut off) or is the failure
 * itself, which the engine test kit hands back; the DOM is the browser's.
 */
@ExtendWith(RequiresDocker.class)
class FailureReportIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "tcpscope.report-sample";
    private static volatile TimelineRecorder failedTestsRecorder;
    private static volatile TimelineRecorder passedTestsRecorder;

    @TempDir
    Path reports;

    private Events run(Class<?> sample) {
        System.setProperty(ClusterExtension.REPORTS_PROPERTY, reports.toString());
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample))
                    .configurationParameter(KEY, "true").execute().testEvents();
        } finally {
            System.clearProperty(ClusterExtension.REPORTS_PROPERTY);
        }
    }

    @Test
    void a_partition_that_fails_a_wait_is_drawn_with_its_edges_lanes_rows_and_what_was_missing() throws Exception {
        // given
        Chromium chromium = Chromium.require();

        // when: the sample cuts node-3 off while recording, and awaits a full mesh in vain
        Events tests = run(Partitioned.class);

        // then: the first test failed as planned, and the others saw each test's recorder closed at its end
        tests.assertStatistics(stats -> stats.started(3).failed(1).succeeded(2));
        Throwable thrown = tests.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable()
                .orElseThrow();
        assertThat(thrown).isInstanceOf(WaitFailedError.class);
        Topology last = ((WaitFailedError) thrown).lastTopology().orElseThrow();

        Path folder = reports.resolve(Partitioned.class.getName());
        Path html = folder.resolve("partition_fails_the_mesh.html");
        // one file per failure unless more are asked for: the page, with its picture inline
        try (var files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("partition_fails_the_mesh.html");
        }
        assertThat(folder.resolve("the_recorder_of_a_failed_test_was_closed.html")).doesNotExist();
        String text = Files.readString(html);
        assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("http://", "https://");

        Chromium.Rendered rendered = chromium.render(html);
        Document dom = rendered.dom();

        // no script error, and the page's script ran
        assertThat(rendered.console()).isEmpty();
        assertThat(dom.body().attr("data-ready")).isNotEmpty().isNotEqualTo("0");

        // the awaited condition and the pairs missing: node-3 was cut off from both others
        assertThat(dom.getElementById("condition").text()).isEqualTo("a full mesh");
        assertThat(dom.select("#missing li").eachText()).containsExactlyInAnyOrder(
                "node-1 and node-3 are not connected", "node-2 and node-3 are not connected");
        assertThat(dom.select("line.missing-pair").stream().map(l -> l.attr("data-a") + "-" + l.attr("data-b")))
                .containsExactlyInAnyOrder("node-1-node-3", "node-2-node-3");

        // the edges: every ESTABLISHED connection of the failure's topology, node-1 and node-2 among them, none to node-3
        List<Element> established = dom.select("svg.topology g.edge[data-state=ESTABLISHED]");
        assertThat(established.stream().map(e -> e.attr("data-from") + " -> " + e.attr("data-to")))
                .containsExactlyInAnyOrderElementsOf(last.edges().stream().map(e -> e.from() + " -> " + e.to()).toList());
        assertThat(established).anySatisfy(e -> assertThat(Set.of(e.attr("data-from"), e.attr("data-to")))
                .containsExactlyInAnyOrder("node-1", "node-2"));
        assertThat(established).noneSatisfy(e -> assertThat(List.of(e.attr("data-from"), e.attr("data-to"))).contains("node-3"));
        assertThat(established).allSatisfy(e -> assertThat(e.attr("data-health")).isIn("healthy", "stalled"));
        assertThat(dom.select("svg.topology g.node").eachAttr("data-node")).containsExactly("node-1", "node-2", "node-3");

        // the lanes: one per link in the event list, and each pair's link among them, node-3's having gone down
        List<Element> lanes = dom.select("#timeline g.lane");
        Set<String> linksInEvents = dom.getElementById("events").wholeText().lines()
                .map(l -> l.substring(l.indexOf(' ', l.indexOf(' ') + 1) + 1, l.lastIndexOf(" ["))).collect(Collectors.toSet());
        assertThat(lanes).hasSize(linksInEvents.size());
        for (List<String> pair : List.of(List.of("node-1", "node-2"), List.of("node-1", "node-3"), List.of("node-2", "node-3"))) {
            assertThat(lanes).as("a lane of %s", pair).anySatisfy(l -> assertThat(Set.of(l.attr("data-from"), l.attr("data-to")))
                    .containsExactlyInAnyOrderElementsOf(pair));
        }
        assertThat(lanes.stream().filter(l -> Set.of(l.attr("data-from"), l.attr("data-to")).equals(Set.of("node-1", "node-3"))))
                .as("node-1 hung up on node-3").anySatisfy(l -> assertThat(l.select("circle.event[data-kind=OPENED]").size())
                        .isLessThan(l.select("circle.event").size()));

        // the rows: each node's table, socket for socket
        for (NodeTable node : last.tables()) {
            List<String> rows = dom.select("section.node[data-node=" + node.name() + "] tr.row").stream()
                    .map(r -> r.selectFirst("td.state").text() + " " + r.selectFirst("td.local").text() + " "
                            + r.selectFirst("td.remote").ownText())
                    .toList();
            assertThat(rows).as(node.name()).containsExactlyInAnyOrderElementsOf(
                    node.connections().stream().map(TcpConnection::toString).toList());
        }
        assertThat(last.tables()).allMatch(NodeTable::isRead);

        // and a picture of it
        Path png = Path.of("target", "failure-report.png");
        byte[] picture = chromium.screenshot(html, png, 1280, 1600);
        assertThat(Chromium.pngSize(picture)).containsExactly(1280, 1600);
        Files.copy(html, Path.of("target", "failure-report.html"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void an_extension_without_recording_writes_a_report_with_no_timeline() throws Exception {
        // when
        Events tests = run(Unrecorded.class);

        // then
        tests.assertStatistics(stats -> stats.started(1).failed(1));
        String html = Files.readString(reports.resolve(Unrecorded.class.getName()).resolve("fails_on_purpose.html"));
        assertThat(html).contains("id=\"no-timeline\"", "java.lang.AssertionError: on purpose", "data-node=\"node-1\"");
        assertThatThrownBy(() -> new ClusterExtension(Cluster.builder()).withRecordingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
    }

    /** Runs the samples only when the engine test kit above asks for them. */
    static final class SampleOnly implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by FailureReportIT")
                    : ConditionEvaluationResult.disabled("a sample for FailureReportIT");
        }
    }

    @ExtendWith(SampleOnly.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Partitioned {
        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require())
                .nodes(3).fullMesh()).withRecordingInterval(Duration.ofMillis(150));

        @Test
        @Order(1)
        void partition_fails_the_mesh(Cluster cluster) {
            failedTestsRecorder = MESH.recorder();
            cluster.await().withTimeout(WAIT).forFullMesh();
            cluster.disconnect("node-3");
            // node-1 hangs up on node-3 once its heartbeat stops: the timeline sees that link go down
            cluster.await().withTimeout(WAIT).forActiveConnections("node-1", 1);
            cluster.await().withTimeout(Duration.ofSeconds(2)).forFullMesh();
        }

        @Test
        @Order(2)
        void the_recorder_of_a_failed_test_was_closed() {
            passedTestsRecorder = MESH.recorder();
            assertThat(failedTestsRecorder.isRecording()).isFalse();
            assertThat(passedTestsRecorder).isNotSameAs(failedTestsRecorder);
            assertThat(passedTestsRecorder.isRecording()).isTrue();
            assertThat(passedTestsRecorder.interval()).isEqualTo(Duration.ofMillis(150));
        }

        @Test
        @Order(3)
        void the_recorder_of_a_passed_test_was_closed() {
            assertThat(passedTestsRecorder.isRecording()).isFalse();
        }
    }

    @ExtendWith(SampleOnly.class)
    static class Unrecorded {
        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require()).nodes(1))
                .withoutRecording();

        @Test
        void fails_on_purpose() {
            assertThatThrownBy(MESH::recorder).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("withoutRecording");
            throw new AssertionError("on purpose");
        }
    }
}
