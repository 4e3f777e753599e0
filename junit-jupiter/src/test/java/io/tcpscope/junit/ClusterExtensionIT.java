package io.tcpscope.junit;

import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterBuilder;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;

/**
 * The extension under JUnit's own engine, run on sample classes through the platform's engine test
 * kit: per class, per method, {@code @Nested}, in parallel, injected, failing. Each sample records
 * the clusters it saw; the engine is then asked whether anything was left behind.
 */
@ExtendWith(RequiresDocker.class)
class ClusterExtensionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path reports;

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @AfterEach
    void nothingOfThisJvmIsLeftBehind() {
        Map<String, String> mine = Map.of(ContainerRuntime.OWNER_LABEL, TestEngine.owner());
        assertThat(TestEngine.client().listContainersCmd().withShowAll(true).withLabelFilter(mine).exec())
                .filteredOn(c -> c.getLabels().containsKey(Cluster.LABEL)).isEmpty();
        assertThat(TestEngine.client().listNetworksCmd()
                .withFilter("label", List.of(ContainerRuntime.OWNER_LABEL + "=" + TestEngine.owner())).exec())
                .filteredOn(n -> n.getLabels().containsKey(Cluster.LABEL)).isEmpty();
    }

    private static Events run(Map<String, String> configuration, Class<?>... samples) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(java.util.Arrays.stream(samples).map(DiscoverySelectors::selectClass).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .configurationParameter(SampleOnly.KEY, "true")
                .configurationParameters(configuration)
                .execute().testEvents();
    }

    @Test
    void a_static_extension_runs_one_cluster_for_the_class_and_reports_a_failing_test() throws Exception {
        // given
        System.setProperty(ClusterExtension.REPORTS_PROPERTY, reports.toString());
        try {
            // when: the text and the picture are asked for beside the page
            Events tests = run(Map.of(ClusterExtension.REPORT_FORMATS_PROPERTY, "html,txt,svg"), PerClass.class);

            // then
            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(SEEN).hasSize(1);
            Path folder = reports.resolve(PerClass.class.getName());
            String text = Files.readString(folder.resolve("fails_on_purpose.txt"));
            assertThat(text).contains("failure: java.lang.AssertionError: on purpose", "cluster: " + SEEN.iterator().next(),
                    "rows dialed columns", "node-1", "node-2");
            Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(folder.resolve("fails_on_purpose.svg").toFile());
            assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(2);
            org.w3c.dom.NodeList groups = svg.getElementsByTagName("g");
            assertThat(java.util.stream.IntStream.range(0, groups.getLength()).mapToObj(i -> (org.w3c.dom.Element) groups.item(i))
                    .filter(g -> g.getAttribute("class").equals("node")).map(g -> g.getAttribute("data-node")))
                    .containsExactly("node-1", "node-2");
            assertThat(Files.readString(folder.resolve("fails_on_purpose.html"))).contains("java.lang.AssertionError: on purpose",
                    "data-node=\"node-1\"", "data-node=\"node-2\"");
            assertThat(folder.resolve("sees_the_mesh.txt")).doesNotExist();
            assertThat(folder.resolve("sees_the_mesh.html")).doesNotExist();
        } finally {
            System.clearProperty(ClusterExtension.REPORTS_PROPERTY);
        }
    }

    @Test
    void nested_classes_share_the_outer_cluster() {
        // when
        Events tests = run(Map.of(), Outer.class);

        // then: three tests at two depths, one cluster
        tests.assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(SEEN).hasSize(1);
    }

    @Test
    void classes_in_parallel_that_share_one_extension_each_get_their_own_cluster() {
        // when: two classes inherit one static extension, and run at the same time
        Events tests = run(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent"), First.class, Second.class);

        // then
        assertThat(tests.failed().stream().map(e -> e.getPayload().orElse(null)).toList()).isEmpty();
        tests.assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(SEEN).hasSize(2);
    }

    @Test
    void an_instance_extension_runs_a_cluster_per_method_or_per_class_with_one_instance() {
        // when
        Events perMethod = run(Map.of(), PerMethod.class);
        int methods = SEEN.size();
        SEEN.clear();
        Events perClassInstance = run(Map.of(), PerClassInstance.class);

        // then
        perMethod.assertStatistics(stats -> stats.started(2).succeeded(2));
        perClassInstance.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(methods).isEqualTo(2);
        assertThat(SEEN).hasSize(1);
    }

    @Test
    void each_test_is_recorded_every_100_ms_or_every_second_in_exec_mode_unless_the_extension_says() {
        // when
        Events tests = run(Map.of(), Intervals.class);

        // then
        tests.assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Intervals.SAMPLED).containsExactlyInAnyOrderEntriesOf(Map.of(
                "auto", Duration.ofMillis(100), "exec", Duration.ofSeconds(1), "exec, every 250 ms", Duration.ofMillis(250)));
    }

    @Test
    void a_cluster_that_cannot_start_fails_the_tests_with_the_engines_reason() {
        // when
        Events tests = run(Map.of(), MissingImage.class);

        // then
        tests.assertStatistics(stats -> stats.started(0));
        Events containers = EngineTestKit.engine("junit-jupiter").selectors(selectClass(MissingImage.class))
                .configurationParameter(SampleOnly.KEY, "true").execute().containerEvents();
        containers.assertThatEvents().haveExactly(1, event(finishedWithFailure(instanceOf(EngineRefusedException.class))));
    }

    /** Runs the samples only when the engine test kit above asks for them. */
    static final class SampleOnly implements ExecutionCondition {
        static final String KEY = "tcpscope.sample";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ClusterExtensionIT")
                    : ConditionEvaluationResult.disabled("a sample for ClusterExtensionIT");
        }
    }

    private static ClusterBuilder twoNodes() {
        return Cluster.builder().withEngine(TestEngine.require()).nodes(2).fullMesh();
    }

    @ExtendWith(SampleOnly.class)
    static class PerClass {
        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(twoNodes());

        private final Cluster injected;

        PerClass(Cluster injected) {
            this.injected = injected;
        }

        @Test
        void sees_the_mesh(Cluster cluster) {
            SEEN.add(cluster.id());
            assertThat(MESH.cluster()).isSameAs(cluster).isSameAs(injected);
            cluster.await().withTimeout(WAIT).forFullMesh();
        }

        @Test
        void fails_on_purpose() {
            SEEN.add(MESH.cluster().id());
            MESH.cluster().await().withTimeout(WAIT).forFullMesh();
            throw new AssertionError("on purpose");
        }
    }

    @ExtendWith(SampleOnly.class)
    static class Outer {
        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(twoNodes());

        @Test
        void outer(Cluster cluster) {
            SEEN.add(cluster.id());
        }

        @Nested
        class Inner {
            @Test
            void inner(Cluster cluster) {
                SEEN.add(cluster.id());
            }

            @Nested
            class Innermost {
                @Test
                void innermost() {
                    SEEN.add(MESH.cluster().id());
                    MESH.cluster().await().withTimeout(WAIT).forFullMesh();
                }
            }
        }
    }

    /** One extension that two classes share through their base class; made when a sample first runs. */
    static final class Shared {
        static final ClusterExtension MESH = new ClusterExtension(twoNodes());
    }

    @ExtendWith(SampleOnly.class)
    abstract static class Base {
        @RegisterExtension
        static final ClusterExtension MESH = Shared.MESH;

        private Cluster mine;

        @BeforeEach
        void take(Cluster cluster) {
            mine = cluster;
        }

        @Test
        void sees_its_own_cluster() {
            SEEN.add(mine.id());
            assertThat(MESH.cluster()).isSameAs(mine);
            mine.await().withTimeout(WAIT).forFullMesh();
        }

        @Test
        void still_sees_it() {
            assertThat(MESH.cluster()).isSameAs(mine);
            mine.await().withTimeout(WAIT).forFullMesh();
        }
    }

    static class First extends Base {
    }

    static class Second extends Base {
    }

    @ExtendWith(SampleOnly.class)
    static class PerMethod {
        @RegisterExtension
        final ClusterExtension mesh = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require()).nodes(1));

        @Test
        void one(Cluster cluster) {
            SEEN.add(cluster.id());
        }

        @Test
        void two() {
            SEEN.add(mesh.cluster().id());
        }
    }

    @ExtendWith(SampleOnly.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstance {
        @RegisterExtension
        final ClusterExtension mesh = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require()).nodes(1));

        @Test
        void one(Cluster cluster) {
            SEEN.add(cluster.id());
        }

        @Test
        void two() {
            SEEN.add(mesh.cluster().id());
        }
    }

    @ExtendWith(SampleOnly.class)
    static class Intervals {
        static final Map<String, Duration> SAMPLED = new ConcurrentHashMap<>();
        @RegisterExtension
        static final ClusterExtension AUTO = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require()).nodes(1));
        @RegisterExtension
        static final ClusterExtension EXEC = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require())
                .withInspectorMode(InspectorMode.EXEC).nodes(1));
        @RegisterExtension
        static final ClusterExtension EXEC_250 = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require())
                .withInspectorMode(InspectorMode.EXEC).nodes(1)).withRecordingInterval(Duration.ofMillis(250));

        @Test
        void records() {
            SAMPLED.clear();
            SAMPLED.put("auto", AUTO.recorder().interval());
            SAMPLED.put("exec", EXEC.recorder().interval());
            SAMPLED.put("exec, every 250 ms", EXEC_250.recorder().interval());
        }
    }

    @ExtendWith(SampleOnly.class)
    static class MissingImage {
        @RegisterExtension
        static final ClusterExtension MESH = new ClusterExtension(Cluster.builder().withEngine(TestEngine.require())
                .withImage("tcpscope-test/no-such-image:0").nodes(2));

        @Test
        void never_runs() {
            throw new AssertionError("the cluster could not start");
        }
    }
}
