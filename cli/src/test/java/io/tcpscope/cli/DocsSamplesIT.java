package io.tcpscope.cli;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines of the documentation site's CLI page that read this machine's kernel or a
 * container ({@code src/test/resources/samples/live/*.sh}), each run as written against a cluster of
 * three nodes that dial each other: {@code node-a}, {@code node-b} and {@code node-c} on the network
 * {@code p2p}, as the samples name them (the test gives them its own cluster's names). Each must exit 0
 * and print what it is shown to print; a sample without a check here fails.
 */
class DocsSamplesIT {

    private static Cluster cluster;
    private static Map<String, String> names;

    @TempDir
    static Path dir;

    /** What each sample must print. */
    private static final Map<String, BiConsumer<Run, Path>> CHECKS = Map.of(
            "connections-here", (run, out) -> assertThat(run.out()).startsWith("State").contains("LISTEN"),
            "connections", (run, out) -> assertThat(run.out().lines().skip(1).map(l -> l.split(" +")[0]))
                    .containsOnly(names.get("node-a"), names.get("node-b")).hasSize(4),
            // node-a has a namespace of its own: read as without the flag, with no line about a shared one
            "connections-shared", (run, out) -> assertThat(run.out()).startsWith("State").contains("LISTEN", ":9000")
                    .doesNotContain("network namespace"),
            "count", (run, out) -> assertThat(run.out()).isEqualTo("2\n"),
            "count-json", (run, out) -> assertThat(run.out()).contains("\"state\" : \"LISTEN\"", "\"count\" : 1"),
            "mesh", (run, out) -> assertThat(run.out()).contains("rows dialed columns", names.get("node-c")),
            "mesh-svg", (run, out) -> assertThat(out).content().startsWith("<svg").contains(names.get("node-b")),
            "watch-json", (run, out) -> assertThat(run.out().lines().filter(l -> l.contains("\"kind\":\"OPENED\"")))
                    .hasSize(3),
            "demo", (run, out) -> assertThat(run.out()).contains("node-1: 2 active P2P connections on 9000-9001"));

    @BeforeAll
    static void startCluster() {
        // node-b dials node-a, node-c dials both: a full mesh, each node with 2 live P2P connections
        cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("node-a").node("node-b", n -> n.dial("node-a")).node("node-c", n -> n.dial("node-a").dial("node-b"))
                .build().start();
        cluster.await().withTimeout(Duration.ofSeconds(60)).forTopology("a full mesh that every node counts", t -> t.isFullMesh() && t.nodes().stream().allMatch(n -> t.activeConnections(n) == 2));
        names = Map.of("node-a", cluster.id() + "-node-a", "node-b", cluster.id() + "-node-b",
                "node-c", cluster.id() + "-node-c", "p2p", cluster.id(), "mesh.svg", dir.resolve("mesh.svg").toString());
    }

    @AfterAll
    static void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<Sample> samples() {
        return Sample.in(Sample.FOLDER.resolve("live"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void runs_as_the_site_shows_it(Sample sample) {
        // given
        BiConsumer<Run, Path> check = CHECKS.get(sample.name());
        assertThat(check).as("a check of what " + sample + " prints, in DocsSamplesIT.CHECKS").isNotNull();

        // when
        Run run = sample.run(names);

        // then
        assertThat(run.status()).as(run.err()).isZero();
        check.accept(run, Path.of(names.get("mesh.svg")));
    }

    @Test
    void every_check_has_its_sample() {
        assertThat(samples()).extracting(Sample::name).containsExactlyInAnyOrderElementsOf(CHECKS.keySet());
        assertThat(Files.isDirectory(dir)).isTrue();
    }
}
