package io.tcpscope.tck;

import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * On an engine that refuses containers in its host PID namespace, as one with user-namespace
 * remapping does ({@code .ci/remote-engine --userns}): the engine-procfs reader says so in the
 * engine's own words, asks no more after that, and AUTO reads through exec instead. Not an
 * {@code *IT}: {@code .ci/run} runs it on that engine only ({@code -Dit.test='RefusingEngine*'}).
 */
class RefusingEngineCheck {

    @Test
    void the_engine_side_reader_says_the_engine_refuses_its_helper_and_asks_once() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("refused-reader", Workloads.idle());

        ReaderRefusal.assertRefusedOnce(target,
                "refuses tcpscope's reader helper, a container in its host PID namespace (PidMode=host)",
                "cannot share the host PID namespace when user namespaces are enabled",
                "use the exec or sidecar mode, or AUTO");
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
