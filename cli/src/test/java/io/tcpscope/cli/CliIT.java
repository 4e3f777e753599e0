package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands against this machine's kernel and a real engine. */
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Cluster cluster;
    private static String a;
    private static String b;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        // b dials a on 9000
        cluster = Cluster.builder().withEngine(TestEngine.require()).node("a").node("b", n -> n.dial("a")).build().start();
        cluster.await().withTimeout(Duration.ofSeconds(60)).forActiveConnections("a", 1);
        cluster.await().withTimeout(Duration.ofSeconds(60)).forActiveConnections("b", 1);
        a = cluster.id() + "-a";
        b = cluster.id() + "-b";
    }

    @AfterAll
    static void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void connections_without_a_container_lists_this_machines_sockets() throws Exception {
        // given
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = listener.getLocalPort();

            // when
            Run run = Run.of("connections", "--ports", Integer.toString(port), "--json");

            // then
            assertThat(run.status()).isZero();
            JsonNode connection = JSON.readTree(run.out()).get("connections").get(0);
            assertThat(connection.get("state").asText()).isEqualTo("LISTEN");
            assertThat(connection.get("local").get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(connection.get("local").get("port").asInt()).isEqualTo(port);
            assertThat(JSON.readTree(run.out()).get("connections")).hasSize(1);
        }
    }

    @Test
    void connections_of_a_container_name_the_peer_container() {
        // when
        Run run = Run.of("connections", a, "--state", "ESTABLISHED");

        // then
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("State").endsWith("Peer");
        assertThat(run.out().lines().skip(1).findFirst().orElseThrow())
                .startsWith("ESTAB").contains(cluster.node("a").ip() + ":9000", cluster.node("b").ip() + ":").endsWith(b);
    }

    @Test
    void connections_of_several_containers_say_which_is_which() {
        Run run = Run.of("connections", a, b, "--state", "ESTABLISHED", "--ports", "9000");
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly(a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "exec", "procfs", "sidecar"})
    void count_prints_the_number_alone_in_every_mode(String mode) {
        Run run = Run.of("count", b, "--mode", mode);
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("1\n");
    }

    @Test
    void count_prints_json_on_request() throws Exception {
        Run run = Run.of("count", a, "--json", "--state", "LISTEN", "--ports", "9000");
        assertThat(run.status()).isZero();
        JsonNode count = JSON.readTree(run.out());
        assertThat(count.get("container").asText()).isEqualTo(a);
        assertThat(count.get("ports").asText()).isEqualTo("9000");
        assertThat(count.get("state").asText()).isEqualTo("LISTEN");
        assertThat(count.get("count").asInt()).isEqualTo(1);
        assertThat(count.size()).isEqualTo(4);
    }

    @Test
    void mesh_of_a_network_shows_who_dialed_whom_in_every_format() throws Exception {
        // when
        Run text = Run.of("mesh", "--network", cluster.id());
        Run json = Run.of("mesh", "--network", cluster.id(), "--format", "json");
        Run mermaid = Run.of("mesh", a, b, "--format", "mermaid");
        Run dot = Run.of("mesh", a, b, "--format", "dot");
        Path svg = dir.resolve("mesh.svg");
        Run file = Run.of("mesh", a, b, "--format", "svg", "--output", svg.toString());

        // then
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("rows dialed columns", b + " " + cluster.node("b").ip());
        JsonNode mesh = JSON.readTree(json.out());
        assertThat(mesh.get("edges")).hasSize(1);
        assertThat(mesh.get("edges").get(0).get("from").asText()).isEqualTo(b);
        assertThat(mesh.get("edges").get(0).get("to").asText()).isEqualTo(a);
        assertThat(mesh.get("edges").get(0).get("direction").asText()).isEqualTo("DIALED");
        assertThat(mesh.get("fullMesh").asBoolean()).isTrue();
        assertThat(mermaid.out()).startsWith("graph LR").contains("n1 -->|9000| n0");
        assertThat(dot.out()).contains("\"" + b + "\" -> \"" + a + "\" [label=\"9000\"]");
        assertThat(file.status()).isZero();
        assertThat(file.out()).isEmpty();
        assertThat(file.err()).contains("wrote the mesh of 2 containers to " + svg);
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getElementsByTagName("circle").getLength()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "procfs", "engine-procfs", "exec"})
    void a_paused_container_is_read_where_the_kernel_serves_it_and_said_to_be_paused_by_exec(String mode) {
        // given: a frozen while b's link to it is up; the kernel still serves a frozen namespace's table
        cluster.pause("a");
        try {
            // when
            Run run = Run.of("connections", a, "--state", "ESTABLISHED", "--mode", mode);

            // then
            if (mode.equals("exec")) {
                assertThat(run.status()).isEqualTo(1);
                assertThat(run.err()).startsWith("tcpscope: container '" + a + "' (").contains("is paused");
            } else {
                assertThat(run.status()).as(run.err()).isZero();
                assertThat(run.out().lines().skip(1).toList()).singleElement().asString()
                        .startsWith("ESTAB").contains(cluster.node("a").ip() + ":9000").endsWith(b);
            }
        } finally {
            cluster.unpause("a");
        }
    }

    @Test
    void a_container_that_is_not_running_exits_1_naming_it() {
        String stopped = DockerTestCluster.shared().stopped();
        Run run = Run.of("count", stopped);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("tcpscope: container '" + stopped + "' (")
                .endsWith("is not running; start it or inspect a running container\n");
    }

    @Test
    void a_missing_container_exits_1_naming_it() {
        Run run = Run.of("connections", "no-such-container-here");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("tcpscope: container 'no-such-container-here' was not found;"
                + " check the name or id with 'docker ps -a'\n");
    }

    @Test
    void a_network_with_no_running_container_exits_1_in_mesh_and_watch_alike() {
        for (String command : new String[] {"mesh", "watch"}) {
            Run run = Run.of(command, "--network", "no-such-network-here");
            assertThat(run.status()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command).isEqualTo("tcpscope: no running container is on a network named"
                    + " 'no-such-network-here'; 'docker network ls' lists the networks\n");
        }
        Run stoppedOne = Run.of("mesh", DockerTestCluster.shared().listener(), DockerTestCluster.shared().stopped());
        assertThat(stoppedOne.status()).isEqualTo(1);
        assertThat(stoppedOne.err()).endsWith("is not running; start it or inspect a running container\n");
    }

    @Test
    void demo_prints_the_mesh_and_each_count_and_leaves_nothing_behind() {
        // when
        Run run = Run.of("demo");

        // then
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("rows dialed columns", "node-1: 2 active P2P connections on 9000-9001",
                "node-2: 2 active", "node-3: 2 active");
        assertThat(run.err()).contains("tcpscope demo: starting 3 peer nodes", "waiting for every node to dial the others",
                "removing the cluster", "nothing is left behind");
        String id = run.err().replaceAll("(?s).*cluster (tcpscope-[0-9a-f]{8}) is up.*", "$1");
        assertThat(TestEngine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Cluster.LABEL, id)).exec()).isEmpty();
    }

    @Test
    void the_launcher_runs_the_jar_and_passes_on_its_exit_status() throws Exception {
        // given: the module's folder is the working directory; the launcher sits at the repository's root
        Path launcher = Path.of("..", "tcpscope").toAbsolutePath().normalize();
        Path listing = Files.writeString(dir.resolve("tcp"), io.tcpscope.core.Golden.listing("proc-net-tcp"));

        // when
        Process ok = new ProcessBuilder(launcher.toString(), "parse", "--format", "proc", listing.toString(), "--ports", "9004")
                .redirectErrorStream(true).start();
        String okOut = new String(ok.getInputStream().readAllBytes());
        Process missing = new ProcessBuilder(launcher.toString(), "parse", dir.resolve("nope").toString()).start();
        Process usage = new ProcessBuilder(launcher.toString(), "parse", "--format", "xml").start();

        // then
        assertThat(ok.waitFor()).isZero();
        // a listener's backlog is not in /proc: '-', not a made-up 0; no timer runs on it
        assertThat(okOut).isEqualTo("State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Timer\n"
                + "LISTEN  0       -       127.0.0.1:9004      0.0.0.0:*          off,0\n");
        assertThat(missing.waitFor()).isEqualTo(1);
        assertThat(new String(missing.getErrorStream().readAllBytes())).contains("there is no such file");
        assertThat(usage.waitFor()).isEqualTo(2);
    }
}
