package io.tcpscope.testcontainers;

import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.junit.ClusterExtension;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The JUnit extension on a cluster of Testcontainers' containers: it runs after Testcontainers'
 * own extension started them, injects the cluster, writes a report when a test fails, and leaves
 * the containers to Testcontainers.
 */
@ExtendWith(RequiresDocker.class)
class ClusterExtensionIT {

    @TempDir
    Path reports;

    @Test
    void an_adopted_cluster_is_injected_reported_on_failure_and_left_to_testcontainers() throws Exception {
        // given
        System.setProperty(ClusterExtension.REPORTS_PROPERTY, reports.toString());
        try {
            // when
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(Sample.class))
                    .configurationParameter(Sample.KEY, "true").execute().testEvents()
                    .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));

            // then
            String report = Files.readString(reports.resolve(Sample.class.getName()).resolve("fails_on_purpose.txt"));
            assertThat(report).contains("failure: java.lang.AssertionError: on purpose", "a  ", "b  ");
            assertThat(Sample.seenA.get()).isNotNull();
            assertThat(Sample.a.isRunning()).as("Testcontainers stops its containers; tcpscope left them").isFalse();
        } finally {
            System.clearProperty(ClusterExtension.REPORTS_PROPERTY);
        }
    }

    /** Runs only when the test above asks for it. */
    static final class Only implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(Sample.KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ClusterExtensionIT")
                    : ConditionEvaluationResult.disabled("a sample for ClusterExtensionIT");
        }
    }

    @ExtendWith(Only.class)
    @Testcontainers
    static class Sample {
        static final String KEY = "tcpscope.tc.sample";
        static final AtomicReference<String> seenA = new AtomicReference<>();
        static final Network network = Network.newNetwork();

        @Container
        static final GenericContainer<?> a = Images.peer(network, "a", "").waitingFor(TcpscopeWait.forListeningPort(9000));
        @Container
        static final GenericContainer<?> b = Images.peer(network, "b", "a:9000").waitingFor(TcpscopeWait.forActiveConnections(1));

        @RegisterExtension
        static final ClusterExtension mesh = new ClusterExtension(() -> TestcontainersCluster.of(network, a, b).build());

        @Test
        void sees_the_containers_by_alias(Cluster cluster) {
            seenA.set(cluster.node("a").containerId());
            assertThat(cluster.awaitFullMesh(Duration.ofSeconds(30)).nodes()).containsExactly("a", "b");
        }

        @Test
        void fails_on_purpose(Cluster cluster) {
            cluster.awaitFullMesh(Duration.ofSeconds(30));
            throw new AssertionError("on purpose");
        }
    }
}
