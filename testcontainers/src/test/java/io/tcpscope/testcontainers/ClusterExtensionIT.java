package io.tcpscope.testcontainers;

import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.junit.ClusterExtension;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
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
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The JUnit extension on a cluster of Testcontainers' containers: it runs after Testcontainers'
 * own extension started them, injects the cluster, writes a report when a test fails, and leaves
 * the containers running for Testcontainers to stop.
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
            // when: the sample's first test passes only if the cluster is the containers, named by their aliases
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(Sample.class))
                    .configurationParameter(Sample.KEY, "true")
                    .configurationParameter(ClusterExtension.REPORT_FORMATS_PROPERTY, "html,txt")
                    .execute().testEvents()
                    .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));

            // then
            Path folder = reports.resolve(Sample.class.getName());
            assertThat(folder.resolve("fails_on_purpose.html")).exists();
            String report = Files.readString(folder.resolve("fails_on_purpose.txt"));
            assertThat(report).contains("failure: java.lang.AssertionError: on purpose", "a  ", "b  ");
            assertThat(Sample.runningOnceTcpscopeClosed.get()).as("both running once tcpscope closed the cluster").isTrue();
            assertThat(Sample.a.isRunning()).as("Testcontainers stopped its containers after that").isFalse();
        } finally {
            System.clearProperty(ClusterExtension.REPORTS_PROPERTY);
            Sample.network.close();
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
        static final AtomicBoolean runningOnceTcpscopeClosed = new AtomicBoolean();

        // --8<-- [start:cluster-extension]
        static final Network network = Network.newNetwork();

        // your nodes; here tcpscope's built-in peer: a listens on 9000, b dials it
        @Container
        static final GenericContainer<?> a = Images.peer(network, "a", "").waitingFor(TcpscopeWait.forListeningPort(9000));
        @Container
        static final GenericContainer<?> b = Images.peer(network, "b", "a:9000").waitingFor(TcpscopeWait.forActiveConnections(1));

        // started once Testcontainers has started a and b; closing it leaves them to Testcontainers
        @RegisterExtension
        static final ClusterExtension mesh = new ClusterExtension(() -> TestcontainersCluster.of(network, a, b));

        @Test
        void sees_the_containers_by_alias(Cluster cluster) {
            assertThat(cluster.await().withTimeout(Duration.ofSeconds(30)).forFullMesh().nodes()).containsExactly("a", "b");
            assertThat(cluster.node("a").containerId()).isEqualTo(a.getContainerId());
        }
        // --8<-- [end:cluster-extension]

        @Test
        void fails_on_purpose(Cluster cluster) {
            cluster.await().withTimeout(Duration.ofSeconds(30)).forFullMesh();
            throw new AssertionError("on purpose");     // the extension writes the report of this failure
        }

        /** Registered before the cluster's extension, so its afterAll runs after the cluster closed, and before Testcontainers'. */
        @RegisterExtension
        static final AfterAllCallback probe = context -> runningOnceTcpscopeClosed.set(a.isRunning() && b.isRunning());
    }
}
