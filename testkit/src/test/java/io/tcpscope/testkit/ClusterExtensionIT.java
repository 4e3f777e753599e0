package io.tcpscope.testkit;

import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The extension, run on a test class of its own through the JUnit Platform's engine test kit. */
class ClusterExtensionIT {

    @TempDir
    Path reports;

    @Test
    void runs_a_cluster_for_the_class_and_writes_the_topology_of_a_failing_test() throws Exception {
        // given
        System.setProperty(ClusterExtension.REPORTS_PROPERTY, reports.toString());
        try {
            // when
            Events tests = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(SampleMeshTest.class))
                    .configurationParameter(SampleOnly.KEY, "true")
                    .execute().testEvents();

            // then
            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            Path folder = reports.resolve(SampleMeshTest.class.getName());
            String text = Files.readString(folder.resolve("fails_on_purpose.txt"));
            assertThat(text).contains("failure: java.lang.AssertionError: on purpose", "rows dialed columns", "node-1", "node-2");
            Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(folder.resolve("fails_on_purpose.svg").toFile());
            assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(2);
            assertThat(folder.resolve("sees_the_mesh.txt")).doesNotExist();
            assertThat(TestEngine.require().client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Cluster.LABEL, SampleMeshTest.clusterId)).exec()).isEmpty();
        } finally {
            System.clearProperty(ClusterExtension.REPORTS_PROPERTY);
        }
    }

    /** Runs only when the engine test kit above asks for it. */
    static final class SampleOnly implements ExecutionCondition {
        static final String KEY = "tcpscope.sample";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ClusterExtensionIT")
                    : ConditionEvaluationResult.disabled("a sample for ClusterExtensionIT");
        }
    }

    @ExtendWith(SampleOnly.class)
    static class SampleMeshTest {
        static String clusterId;

        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(Cluster.builder().engine(TestEngine.require()).nodes(2).fullMesh());

        @Test
        void sees_the_mesh() {
            clusterId = MESH.cluster().id();
            MESH.cluster().awaitFullMesh(Duration.ofSeconds(30));
        }

        @Test
        void fails_on_purpose() {
            MESH.cluster().awaitFullMesh(Duration.ofSeconds(30));
            throw new AssertionError("on purpose");
        }
    }
}
