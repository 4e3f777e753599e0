package io.tcpscope.testcontainers;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.WaitFailedError;
import io.tcpscope.testkit.report.Chromium;
import io.tcpscope.testkit.report.FailureReport;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A wait that fails on real containers writes a failure report, names it in its exception, and the
 * report renders in a real headless Chromium with what the containers were built to show.
 */
@ExtendWith(RequiresDocker.class)
class FailedWaitReportIT {

    private static final Pattern REPORT = Pattern.compile("failure report: (\\S+\\.html)");
    private static final Network NETWORK = Network.newNetwork();
    private static final List<GenericContainer<?>> STARTED = new ArrayList<>();

    @TempDir
    Path reports;

    @BeforeEach
    void reportsGoToATemporaryFolder() {
        System.setProperty(FailureReport.REPORTS_PROPERTY, reports.toString());
    }

    @AfterEach
    void reportsGoBack() {
        System.clearProperty(FailureReport.REPORTS_PROPERTY);
    }

    @AfterAll
    static void stopThem() {
        STARTED.forEach(GenericContainer::stop);
        NETWORK.close();
    }

    private static GenericContainer<?> started(GenericContainer<?> container) {
        STARTED.add(container);
        container.start();
        return container;
    }

    /** The report a failure names, in the folder reports go to. */
    private Path reportOf(Throwable failure) {
        Matcher m = REPORT.matcher(failure.getMessage());
        assertThat(m.find()).as("the message names a report: %s", failure.getMessage()).isTrue();
        Path html = Path.of(m.group(1));
        assertThat(html).exists().hasParent(reports.toAbsolutePath());
        return html;
    }

    @Test
    void a_container_wait_that_times_out_names_its_report_which_shows_the_containers_table() throws Exception {
        // given: a lone node, which listens on 9000 and which nobody dials
        Chromium chromium = Chromium.require();
        String name = "tcpscope-lone-" + UUID.randomUUID().toString().substring(0, 8);
        GenericContainer<?> lone = Images.peer(NETWORK, "lone", "").withCreateContainerCmdModifier(cmd -> cmd.withName(name))
                .waitingFor(TcpscopeWait.forActiveConnections(1).withStartupTimeout(Duration.ofSeconds(2)));
        STARTED.add(lone);

        // when
        Throwable failure = catchThrowableOfType(ContainerLaunchException.class, lone::start);
        Throwable ours = failure;
        while (ours.getCause() != null && !(ours.getCause() instanceof WaitFailedError)) {
            ours = ours.getCause();
        }

        // then: the wait's own exception, whose cause is the cluster wait's failure, names the report,
        // named after the container and the wait
        assertThat(ours.getCause()).isInstanceOf(WaitFailedError.class)
                .hasMessageStartingWith("lone did not reach 1 active P2P connections on 9000-9001 within 2 s; last seen: ");
        assertThat(ours).hasMessageContaining("): lone did not reach 1 active P2P connections");
        Path html = reportOf(ours);
        assertThat(html.getFileName().toString()).isEqualTo(name + "-1-active-P2P-connections.html");
        assertThat(Files.readString(html).toLowerCase(Locale.ROOT)).doesNotContain("http://", "https://");

        Chromium.Rendered rendered = chromium.render(html);
        Document dom = rendered.dom();
        assertThat(rendered.console()).isEmpty();
        assertThat(dom.body().hasAttr("data-ready")).isTrue();
        assertThat(dom.getElementById("condition").text()).isEqualTo("1 active P2P connections");
        assertThat(dom.select("#missing li").eachText()).containsExactly("lone has 0 active P2P connections, where 1 are awaited");
        assertThat(dom.getElementById("environment").text()).startsWith("container " + name + " (");
        // its table, as the node was built: a listener on 9000, and no connection; the node goes by its alias
        Element node = dom.selectFirst("section.node[data-node=lone]");
        assertThat(node).isNotNull();
        List<String> rows = node.select("tr.row").stream()
                .map(r -> r.selectFirst("td.state").text() + " " + r.selectFirst("td.local").text()).toList();
        assertThat(rows).anySatisfy(r -> assertThat(r).matches("LISTEN \\S+:9000"));
        assertThat(node.select("tr.row[data-state=ESTABLISHED]")).isEmpty();
        assertThat(Chromium.pngSize(chromium.screenshot(html, reports.resolve("wait.png"), 1280, 1600)))
                .containsExactly(1280, 1600);
    }

    @Test
    void a_cluster_wait_that_times_out_reports_the_links_and_the_timeline_a_recorder_kept() throws Exception {
        // given: b dials a; c dials nobody, and nobody dials c
        Chromium chromium = Chromium.require();
        GenericContainer<?> a = started(Images.peer(NETWORK, "ma", "").waitingFor(TcpscopeWait.forListeningPort(9000)));
        GenericContainer<?> b = started(Images.peer(NETWORK, "mb", "ma:9000").waitingFor(TcpscopeWait.forActiveConnections(1)));
        GenericContainer<?> c = started(Images.peer(NETWORK, "mc", "").waitingFor(TcpscopeWait.forListeningPort(9000)));

        // when: the wait fails while a recorder samples, and the failure and the recorder make the report
        WaitFailedError failure = catchThrowableOfType(WaitFailedError.class, () -> fullMeshOrItsReport(a, b, c));

        // then: the wait's own failure, and its report in the reports' folder, named after its title
        assertThat(failure).hasMessageContaining("did not become a full mesh within 2 s");
        Path html = reports.resolve("a-full-mesh-of-ma-mb-and-mc.html");
        assertThat(html).exists();

        Chromium.Rendered rendered = chromium.render(html);
        Document dom = rendered.dom();
        assertThat(rendered.console()).isEmpty();
        assertThat(dom.getElementById("condition").text()).isEqualTo("a full mesh");
        assertThat(dom.select("#missing li").eachText()).containsExactlyInAnyOrder(
                "ma and mc are not connected", "mb and mc are not connected");
        assertThat(dom.select("line.missing-pair").stream().map(l -> l.attr("data-a") + "-" + l.attr("data-b")))
                .containsExactlyInAnyOrder("ma-mc", "mb-mc");
        assertThat(dom.select("g.edge[data-state=ESTABLISHED]")).singleElement().satisfies(e -> {
            assertThat(e.attr("data-from")).isEqualTo("mb");
            assertThat(e.attr("data-to")).isEqualTo("ma");
            assertThat(e.attr("data-health")).isEqualTo("healthy");
        });
        // the recorder's samples made a timeline: the link b dialed has its lane
        assertThat(dom.getElementById("sampling").text()).doesNotStartWith("0 samples");
        assertThat(dom.select("g.lane")).anySatisfy(l -> assertThat(Set.of(l.attr("data-from"), l.attr("data-to")))
                .containsExactlyInAnyOrder("ma", "mb"));
        assertThat(dom.select("section.node").eachAttr("data-node")).containsExactlyInAnyOrder("ma", "mb", "mc");
        assertThat(dom.select("section.node[data-node=mc] tr.row[data-state=ESTABLISHED]")).isEmpty();
    }

    /** The site's sample of a report without JUnit: a wait that fails writes the report of itself, then fails as it is. */
    private static Topology fullMeshOrItsReport(GenericContainer<?>... nodes) throws IOException {
        // --8<-- [start:failure-report]
        try (Cluster cluster = TestcontainersCluster.of(NETWORK, nodes).start();
             TimelineRecorder recorder = cluster.recorder().start()) {
            try {
                return cluster.await().withTimeout(Duration.ofSeconds(2)).forFullMesh();
            } catch (WaitFailedError e) {
                FailureReport.builder("a full mesh of ma, mb and mc")
                        .failure(e)                       // the condition, what was missing, the last topology
                        .recorder(recorder)               // the links' timeline, one lane per link
                        .environment(cluster.toString())
                        .build()
                        .writeTo(FailureReport.folder()); // target/tcpscope-reports/a-full-mesh-of-ma-mb-and-mc.html
                throw e;
            }
        }
        // --8<-- [end:failure-report]
    }

    @Test
    void a_wait_that_succeeds_writes_no_report() {
        // when
        started(Images.peer(NETWORK, "fine", "").waitingFor(TcpscopeWait.forListeningPort(9000)));

        // then
        assertThat(reports).isEmptyDirectory();
    }
}
