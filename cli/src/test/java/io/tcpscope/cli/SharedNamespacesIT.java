package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container started with {@code --network host} has no table of its own: read, it would show
 * the host's sockets as its own. Without {@code --shared-namespaces} it is refused in one line that
 * names the flag; with it, it is read, and says it was read in the host's namespace. The oracle is
 * a listening socket this test opens on the host itself.
 */
class SharedNamespacesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DockerTestCluster containers;
    private static String onHost;
    private static ServerSocket listener;

    @BeforeAll
    static void start() throws Exception {
        TestEngine.require();
        containers = DockerTestCluster.shared();
        onHost = containers.runOn("host", "cli-host-net", "exec sleep 100000");
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (onHost != null) {
            containers.removeContainer(onHost);
        }
    }

    @Test
    void a_host_network_container_is_refused_in_one_line_that_names_the_flag() {
        for (String mode : List.of("auto", "exec")) {
            for (String command : List.of("connections", "count")) {
                // when
                Run run = Run.of(command, onHost, "--mode", mode);

                // then
                assertThat(run.status()).as(command + " in " + mode + ": " + run.out()).isEqualTo(1);
                assertThat(run.err().lines()).as(command + " in " + mode).singleElement().asString()
                        .startsWith("tcpscope: container '" + onHost + "'")
                        .contains("shares the host's network namespace (--network host)")
                        .endsWith("--shared-namespaces");
                assertThat(run.out()).isEmpty();
            }
        }
    }

    @Test
    void with_the_flag_the_hosts_listener_is_read_and_labelled_as_the_hosts() throws Exception {
        // given
        String port = Integer.toString(listener.getLocalPort());

        // when
        Run json = Run.of("connections", onHost, "--shared-namespaces", "--ports", port, "--json");
        Run text = Run.of("connections", onHost, "--shared-namespaces", "--ports", port);
        Run count = Run.of("count", onHost, "--shared-namespaces", "--ports", port, "--state", "LISTEN", "--json");

        // then
        assertThat(json.status()).as(json.err()).isZero();
        List<String> rows = new ArrayList<>();
        for (JsonNode c : JSON.readTree(json.out()).get("connections")) {
            rows.add(c.get("state").asText() + " " + c.get("local").get("port").asInt() + " " + c.path("namespace").asText("(none)"));
        }
        assertThat(rows).containsExactly("LISTEN " + port + " host");
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out().lines().findFirst().orElseThrow())
                .isEqualTo(onHost + ": read in the host's network namespace (--network host)");
        assertThat(text.out()).contains("LISTEN", ":" + port);
        assertThat(count.status()).as(count.err()).isZero();
        JsonNode counted = JSON.readTree(count.out());
        assertThat(counted.get("count").asInt()).isEqualTo(1);
        assertThat(counted.get("namespace").asText()).isEqualTo("host");
    }

    @Test
    void mesh_and_watch_refuse_a_host_network_container_in_one_line_that_names_the_flag() {
        // every mode tells whose namespace a container is in: AUTO (the default), procfs, and exec,
        // whose inspectors adapter-docker's providers wrap in a guard that asks the engine
        for (List<String> command : List.of(List.of("mesh"), List.of("watch", "--count", "1"))) {
            for (String mode : List.of("auto", "procfs", "exec")) {
                // when
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of(onHost, "--mode", mode));
                Run run = Run.of(args.toArray(String[]::new));

                // then
                String what = String.join(" ", args);
                assertThat(run.status()).as(what + ": " + run.out()).isEqualTo(1);
                assertThat(run.err().lines()).as(what).singleElement().asString()
                        .startsWith("tcpscope: container '" + onHost + "'")
                        .contains("shares the host's network namespace (--network host)")
                        .endsWith("--shared-namespaces");
            }
        }
    }

    @Test
    void with_the_flag_mesh_and_watch_read_a_host_network_container() throws Exception {
        // when
        Run mesh = Run.of("mesh", onHost, "--shared-namespaces", "--format", "json");
        Run watch = Run.of("watch", onHost, "--shared-namespaces", "--count", "1", "--json");

        // then
        assertThat(mesh.status()).as(mesh.err()).isZero();
        List<String> nodes = new ArrayList<>();
        JSON.readTree(mesh.out()).get("nodes").forEach(n -> nodes.add(n.get("name").asText()));
        assertThat(nodes).containsExactly(onHost);
        assertThat(watch.status()).as(watch.err()).isZero();
        assertThat(watch.err()).isEmpty();
    }
}
