package io.tcpscope.tck;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On rootless Docker ({@code .ci/rootless-engine}), with this JVM run as the engine's user: the
 * engine's PIDs are this machine's, and the user may read their tables, so AUTO reads through
 * procfs; the engine-side reader cannot serve (a rootless engine cannot mount the host's
 * {@code /proc} for a container in its host PID namespace) and says so, once. Not an {@code *IT}:
 * {@code .ci/run} runs it on that engine only ({@code -Dit.test='RootlessEngine*'}).
 */
class RootlessEngineCheck {

    @Test
    void the_engine_is_rootless_and_this_jvm_is_not_root() {
        assertThat(TestEngine.client().infoCmd().exec().getSecurityOptions()).anyMatch(o -> o.contains("name=rootless"));
        assertThat(System.getProperty("user.name")).isNotEqualTo("root");
    }

    @Test
    void auto_reads_through_procfs() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("rootless-auto", Workloads.idle());

        try (AutoInspector auto = new AutoInspector(InspectorProviders.installed(), fixture.context())) {
            assertThat(auto.connections(target)).isEmpty();
            assertThat(auto.chosenFor(target)).contains("procfs");
        }
    }

    @Test
    void the_engine_side_reader_says_why_it_cannot_serve_and_asks_once() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("rootless-reader", Workloads.idle());

        AtomicInteger creates = new AtomicInteger();
        try (DockerEngine engine = DockerEngine.of(TestEngine.counting(TestEngine.client(), "createContainerCmd"::equals, creates));
             var reader = InspectorProviders.installed().require("engine-procfs")
                     .create(InspectionContext.builder().with(DockerEngine.class, engine).build())) {
            for (int read = 0; read < 2; read++) {
                assertThatThrownBy(() -> reader.connections(target))
                        .isInstanceOf(InspectionFailedException.class)
                        .hasMessageContaining("is rootless Docker, which cannot run tcpscope's reader helper in its host PID namespace")
                        .hasMessageContaining("Use the procfs mode");
            }
            assertThat(creates).as("helpers the engine was asked to create").hasValue(1);
        }
        // the refused helper was never left behind
        assertThat(TestEngine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.tcpscope", "reader")).exec()).isEmpty();
    }
}
