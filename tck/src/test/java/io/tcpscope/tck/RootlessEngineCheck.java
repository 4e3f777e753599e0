package io.tcpscope.tck;

import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestUser;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On rootless Docker ({@code .ci/rootless-engine}), with this JVM run as the engine's user: the
 * engine's PIDs are this machine's, and the user may read their tables, so AUTO reads through
 * procfs; the engine-procfs reader cannot serve (a rootless engine cannot mount the host's
 * {@code /proc} for a container in its host PID namespace) and says so, once; and pausing, which
 * the TCK is told cannot be done here, is refused. Not an {@code *IT}:
 * {@code .ci/run} runs it on that engine only ({@code -Dit.test='RootlessEngine*'}).
 */
class RootlessEngineCheck {

    @Test
    void the_engine_is_rootless_and_this_jvm_is_not_root() {
        assertThat(TestEngine.client().infoCmd().exec().getSecurityOptions()).anyMatch(o -> o.contains("name=rootless"));
        assertThat(TestUser.uid()).as("this JVM's uid, from the kernel").isNotZero();
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

        ReaderRefusal.assertRefusedOnce(target,
                "is rootless Docker, which cannot run tcpscope's reader helper in its host PID namespace",
                "operation not permitted", "Use the procfs mode");
    }

    @Test
    void pausing_is_refused_in_the_engines_words() {
        // the reason the TCK is told -Dtcpscope.tck.canPause=false on this engine (cgroup v1)
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("rootless-pause", Workloads.idle());

        assertThatThrownBy(() -> fixture.engine().runtime().pause(target))
                .isInstanceOf(EngineRefusedException.class).hasMessageContaining("freezer");
    }
}
