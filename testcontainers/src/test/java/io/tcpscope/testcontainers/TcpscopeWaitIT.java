package io.tcpscope.testcontainers;

import io.tcpscope.assertj.TcpscopeAssertions;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The waits on real Testcontainers containers: what they wait for, and how they fail. */
@ExtendWith(RequiresDocker.class)
class TcpscopeWaitIT {

    private static final Network NETWORK = Network.newNetwork();
    private static final List<GenericContainer<?>> STARTED = new ArrayList<>();

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
    void each_wait_holds_until_its_container_reaches_what_it_waits_for() {
        // given: a listens; b dials a; c dials both and waits, through WaitAllStrategy, for both things at once
        GenericContainer<?> a = started(Images.peer(NETWORK, "a", "").waitingFor(TcpscopeWait.forListeningPort(9000)));
        GenericContainer<?> b = started(Images.peer(NETWORK, "b", "a:9000").waitingFor(TcpscopeWait.forActiveConnections(1)));
        GenericContainer<?> c = started(Images.peer(NETWORK, "c", "a:9000 b:9000").waitingFor(new WaitAllStrategy()
                .withStrategy(TcpscopeWait.forListeningPort(9000))
                .withStrategy(TcpscopeWait.forConnectedPeers("a", "b"))
                .withStartupTimeout(Duration.ofSeconds(60))));

        // then: what each waited for held when its start returned; the oracle is what the test wired
        try (Cluster cluster = TestcontainersCluster.of(NETWORK, a, b, c).build()) {
            TcpscopeAssertions.assertThat(cluster.topology()).hasEdge("c", "a").hasEdge("c", "b").hasEdge("b", "a");
        }
        assertThat(TcpscopeWait.forActiveConnections(2, 3).toString())
                .isEqualTo("TcpscopeWait[2 to 3 active P2P connections, AUTO, timeout 60 s]");
    }

    @Test
    void a_wait_that_times_out_shows_the_last_table_it_saw() {
        // given: a lone node, which nobody dials
        GenericContainer<?> lone = Images.peer(NETWORK, "lone", "")
                .waitingFor(TcpscopeWait.forActiveConnections(3).withStartupTimeout(Duration.ofSeconds(2)));
        STARTED.add(lone);

        // then
        assertThatThrownBy(lone::start).isInstanceOf(ContainerLaunchException.class)
                .rootCause().hasMessageContaining("did not reach 3 active P2P connections within 2000 ms; last seen: 0 active;")
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
                .rootCause().hasMessageContaining("stopped while waiting for a listener on [9000]");
    }
}
