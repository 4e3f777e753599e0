package io.tcpscope.testcontainers;

import io.tcpscope.assertj.TcpscopeAssertions;
import io.tcpscope.core.PortSet;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestUser;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.AfterAll;
import io.tcpscope.testkit.WaitFailedError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The waits on real Testcontainers containers: what they wait for, and how they fail. */
@ExtendWith(RequiresDocker.class)
class TcpscopeWaitIT {

    private static final Network NETWORK = Network.newNetwork();
    private static final List<GenericContainer<?>> STARTED = new ArrayList<>();
    /** A row of {@link Images#procTables} whose remote port is 7000 (hex 1B58), in state 01: ESTABLISHED. */
    private static final Pattern ESTABLISHED_TO_7000 = Pattern.compile("^\\s*\\d+: [0-9A-F]+:[0-9A-F]{4} [0-9A-F]+:1B58 01 ",
            Pattern.MULTILINE);

    @AfterAll
    static void stopThem() {
        STARTED.forEach(GenericContainer::stop);
        NETWORK.close();
    }

    private static <T extends GenericContainer<?>> T started(T container) {
        STARTED.add(container);
        container.start();
        return container;
    }

    @Test
    void each_wait_holds_until_its_container_reaches_what_it_waits_for() throws Exception {
        // given: a listens; b dials a and c dials both, each only 3 s after its container starts, so a wait
        // that returned early would leave them unconnected; c listens at once, and waits through
        // WaitAllStrategy for its listener and for its peers
        GenericContainer<?> a = started(Images.peer(NETWORK, "a", "").waitingFor(TcpscopeWait.forListeningPort(9000)));
        GenericContainer<?> b = started(Images.latePeer(NETWORK, "b", "a:9000", 3)
                .waitingFor(TcpscopeWait.forActiveConnections(1)));
        int bDialed = Images.rows(Images.procTables(b), Images.ESTABLISHED_TO_9000);
        GenericContainer<?> c = started(Images.lateDialer(NETWORK, "c", "a:9000 b:9000", 3).waitingFor(new WaitAllStrategy()
                .withStrategy(TcpscopeWait.forListeningPort(9000))
                .withStrategy(TcpscopeWait.forConnectedPeers("a", "b"))
                .withStartupTimeout(Duration.ofSeconds(60))));
        int cDialed = Images.rows(Images.procTables(c), Images.ESTABLISHED_TO_9000);

        // then: the kernel's own rows, read right after each start returned, hold the dials the test wired
        assertThat(bDialed).as("b's connections to :9000 when its wait returned").isEqualTo(1);
        assertThat(cDialed).as("c's connections to :9000 when its wait returned").isEqualTo(2);
        try (Cluster cluster = TestcontainersCluster.of(NETWORK, a, b, c).start()) {
            TcpscopeAssertions.assertThat(cluster.topology()).hasEdge("c", "a").hasEdge("c", "b").hasEdge("b", "a");
        }
        assertThat(TcpscopeWait.forActiveConnections(2, 3).toString())
                .isEqualTo("TcpscopeWait[2 to 3 active P2P connections, auto, timeout 60 s]");
    }

    @Test
    void a_wait_counts_connections_on_the_ports_it_is_given_and_reads_in_the_mode_it_is_given() throws Exception {
        // given: a7 listens on 7000, which is not one of the default P2P ports (9000-9001)
        started(Images.peer(NETWORK, "a7", "").withEnv("LISTEN", "7000").waitingFor(TcpscopeWait.forListeningPort(7000)));

        // when: b7 dials a7 on 7000, and waits for that connection, counted on 7000 and read through procfs
        // --8<-- [start:settings]
        GenericContainer<?> b7 = Images.peer(NETWORK, "b7", "a7:7000")    // your node, which dials a7 on 7000
                .waitingFor(TcpscopeWait.forActiveConnections(1)
                        .withP2pPorts(PortSet.parse("7000"))               // 9000-9001 unless told
                        .withInspectorMode(InspectorMode.PROCFS)           // AUTO unless told
                        .withStartupTimeout(Duration.ofSeconds(30)));      // 60 s unless told
        // --8<-- [end:settings]
        started(b7);

        // then: the kernel's own rows, read right after the start returned, hold b7's dial to 7000 (hex 1B58); with
        // the default ports the wait would have counted none, and failed
        assertThat(Images.rows(Images.procTables(b7), ESTABLISHED_TO_7000)).as("b7's connections to :7000").isEqualTo(1);
    }

    @Test
    void a_wait_for_a_peer_that_never_comes_says_which_one_is_missing() {
        // given: a node that waits for a peer no container goes by
        GenericContainer<?> waiting = Images.peer(NETWORK, "waiting", "")
                .waitingFor(TcpscopeWait.forConnectedPeers("nobody").withStartupTimeout(Duration.ofSeconds(2)));
        STARTED.add(waiting);

        // then
        assertThatThrownBy(waiting::start).isInstanceOf(ContainerLaunchException.class)
                .rootCause().isInstanceOfSatisfying(WaitFailedError.class, e -> assertThat(e.missing())
                        .containsExactly("waiting and nobody are not connected (not both are running)"))
                .hasMessageContaining("did not become connected as [[waiting, nobody]] within 2 s");
    }

    @Test
    void a_wait_for_a_peer_goes_on_until_the_peer_starts_and_finds_it_by_its_container_name() throws Exception {
        // given: w listens, and waits for a peer known only by a container name no container has yet
        String name = "tcpscope-late-" + UUID.randomUUID().toString().substring(0, 8);
        GenericContainer<?> w = Images.peer(NETWORK, "w", "").waitingFor(TcpscopeWait.forConnectedPeers(name));
        STARTED.add(w);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(w::start);
        await().atMost(Duration.ofSeconds(60)).until(w::isRunning);

        // when: the peer starts, under that name, and dials w
        started(Images.peer(NETWORK, "late", "w:9000").withCreateContainerCmdModifier(cmd -> cmd.withName(name)));

        // then: w's wait ended well, and the kernel has the connection the test wired
        waiting.get(60, TimeUnit.SECONDS);
        assertThat(Images.rows(Images.procTables(w), Images.ESTABLISHED_ON_9000)).as("w's accepted connections").isEqualTo(1);
    }

    @Test
    void a_negative_timeout_is_refused_when_it_is_set() {
        assertThatThrownBy(() -> TcpscopeWait.forListeningPort(9000).withStartupTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or more");
        assertThatThrownBy(() -> TestcontainersCluster.onNetwork(NETWORK).await().withTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or more");
    }

    @Test
    void a_wait_that_times_out_says_why_its_containers_dials_failed() {
        TestUser.requireRoot("this test, which reads the kernel's events through tracefs,");
        // given: r listens on 9000 only, and the refuser dials r on 9001 once a second
        started(Images.peer(NETWORK, "r", "").waitingFor(TcpscopeWait.forListeningPort(9000)));
        GenericContainer<?> refused = Images.peer(NETWORK, "refused", "r:9001")
                .waitingFor(TcpscopeWait.forActiveConnections(1).withStartupTimeout(Duration.ofSeconds(4)));
        STARTED.add(refused);

        // then: the kernel's events, read while it waited, name the dials and why they failed
        assertThatThrownBy(refused::start).isInstanceOf(ContainerLaunchException.class)
                .rootCause().isInstanceOfSatisfying(WaitFailedError.class, e -> {
                    assertThat(e.diagnosis()).singleElement().asString()
                            .matches("refused dialed [0-9.]+:9001 (once|\\d+ times) in the last \\d+ s: "
                                    + "\\d+ refused \\(nothing listens on [0-9.]+:9001\\)");
                    assertThat(e.getMessage()).contains("\nthe kernel's events while it waited:\n  refused dialed ");
                });
    }

    @Test
    void a_wait_that_times_out_shows_the_last_table_it_saw() {
        // given: a lone node, which nobody dials
        GenericContainer<?> lone = Images.peer(NETWORK, "lone", "")
                .waitingFor(TcpscopeWait.forActiveConnections(3).withStartupTimeout(Duration.ofSeconds(2)));
        STARTED.add(lone);

        // then
        assertThatThrownBy(lone::start).isInstanceOf(ContainerLaunchException.class)
                .rootCause().isInstanceOf(WaitFailedError.class)
                .hasMessageStartingWith("lone did not reach 3 active P2P connections on 9000-9001 within 2 s; last seen: ")
                .hasMessageContaining("LISTEN").hasMessageContaining(":9000");
    }

    @Test
    void a_container_that_stops_fails_its_wait_at_once() {
        // given: a node whose process ends after a second; the wait allows a minute
        GenericContainer<?> quitter = Images.peer(NETWORK, "quitter", "").withCreateContainerCmdModifier(cmd -> cmd
                .withEntrypoint("/bin/sh", "-c", "sleep 1")).waitingFor(TcpscopeWait.forListeningPort(9000));
        STARTED.add(quitter);

        // then
        assertThatThrownBy(quitter::start).isInstanceOf(ContainerLaunchException.class)
                .rootCause().isInstanceOf(WaitFailedError.class)
                .hasMessageContaining("quitter did not listen on [9000]: container ").hasMessageContaining(") stopped; last seen:");
    }
}
