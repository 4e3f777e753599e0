package io.tcpscope.testkit.internal;

import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TcpRelay;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where AUTO judges the engine to be: from evidence, whatever the engine's address says. */
class AutoInspectorIT {

    @Test
    void the_installed_providers_are_the_built_in_modes_in_autos_order() {
        assertThat(InspectorProviders.installed().names()).containsExactly("procfs", "engine-procfs", "exec", "sidecar");
        assertThat(InspectorMode.installed()).containsExactlyInAnyOrderElementsOf(InspectorMode.builtIn())
                .extracting(InspectorMode::name).containsExactly("auto", "procfs", "engine-procfs", "exec", "sidecar");
    }

    @Test
    void a_reference_no_installed_mode_takes_is_refused_before_any_call() {
        // given: a Kubernetes reference, with only Docker's and procfs's modes installed
        AutoInspector auto = (AutoInspector) Inspectors.create(InspectorMode.AUTO, DockerTestCluster.shared().engine());

        // then
        assertThatThrownBy(() -> auto.connections("p2p/node-0/peer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'p2p/node-0/peer' is not a container name or id, nor any reference the modes"
                        + " [procfs, engine-procfs, exec, sidecar] take");
    }

    @Test
    void a_local_engine_reached_over_tcp_is_read_through_procfs() throws Exception {
        // given: the engine on this machine, through a TCP port on loopback
        DockerTestCluster fixture = DockerTestCluster.shared();
        try (TcpRelay relay = TcpRelay.toDefaultSocket(); DockerEngine engine = DockerEngine.at(relay.uri())) {
            AutoInspector auto = (AutoInspector) Inspectors.create(InspectorMode.AUTO, engine);

            // then
            assertThat(auto.modeFor(fixture.listener())).contains("procfs");
            assertThat(auto.connections(fixture.listener())).isNotEmpty();
        }
    }

    @Test
    void an_engine_whose_pids_are_not_this_machines_is_read_on_the_engines_side() {
        // given: an engine whose PIDs name other processes here, as a remote engine's or Docker
        // Desktop's do: PID 1 of this machine is not the container's process
        DockerTestCluster fixture = DockerTestCluster.shared();
        DockerEngine engine = fixture.engine();
        HostPidResolver elsewhere = TestEngine.pidsElsewhere(engine);
        InspectionContext context = InspectionContext.builder()
                .with(DockerEngine.class, engine).with(HostPidResolver.class, elsewhere).build();
        AutoInspector auto = new AutoInspector(InspectorProviders.installed(), context);

        // then
        assertThat(auto.modeFor(fixture.listener())).contains("engine-procfs");
        assertThat(auto.connections(fixture.listener())).isNotEmpty();
    }
}
