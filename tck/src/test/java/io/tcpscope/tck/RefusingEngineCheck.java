package io.tcpscope.tck;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On an engine that refuses containers in its host PID namespace, as one with user-namespace
 * remapping does ({@code .ci/remote-engine --userns}): the engine-side reader says so in the
 * engine's own words, asks no more after that, and AUTO reads through exec instead. Not an
 * {@code *IT}: {@code .ci/run} runs it on that engine only ({@code -Dit.test='RefusingEngine*'}).
 */
class RefusingEngineCheck {

    @Test
    void the_engine_side_reader_says_the_engine_refuses_its_helper_and_asks_once() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("refused-reader", Workloads.idle());

        AtomicInteger creates = new AtomicInteger();
        try (DockerEngine engine = DockerEngine.of(TestEngine.counting(TestEngine.client(), "createContainerCmd"::equals, creates));
             var reader = InspectorProviders.installed().require("engine-procfs")
                     .create(InspectionContext.builder().with(DockerEngine.class, engine).build())) {
            for (int read = 0; read < 2; read++) {
                assertThatThrownBy(() -> reader.connections(target))
                        .isInstanceOf(InspectionFailedException.class)
                        .hasMessageContaining("refuses tcpscope's reader helper, a container in its host PID namespace (PidMode=host)")
                        .hasMessageContaining("cannot share the host PID namespace when user namespaces are enabled")
                        .hasMessageContaining("use the exec or sidecar mode, or AUTO");
            }
            assertThat(creates).as("helpers the engine was asked to create").hasValue(1);
        }
        // the refused helper was never left behind
        assertThat(TestEngine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.tcpscope", "reader")).exec()).isEmpty();
    }

    @Test
    void auto_passes_the_refused_reader_by_and_reads_through_exec() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("refused-auto", Workloads.idle());

        try (AutoInspector auto = new AutoInspector(InspectorProviders.installed(), fixture.context())) {
            assertThat(auto.modeFor(target)).contains("exec");
            assertThat(auto.connections(target)).isEmpty();
        }
    }
}
