package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TcpRelay;
import io.tcpscope.procfs.ProcfsInspector;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where AUTO judges the engine to be: from evidence, whatever the engine's address says. */
class AutoInspectorIT {

    @Test
    void a_local_engine_reached_over_tcp_is_read_through_procfs() throws Exception {
        // given: the engine on this machine, through a TCP port on loopback
        DockerTestCluster fixture = DockerTestCluster.shared();
        try (TcpRelay relay = TcpRelay.toDefaultSocket(); DockerEngine engine = DockerEngine.at(relay.uri())) {
            AutoInspector auto = (AutoInspector) Inspectors.create(InspectorMode.AUTO, engine);

            // then
            assertThat(auto.modeFor(fixture.listener())).isEqualTo(InspectorMode.PROCFS);
            assertThat(auto.connections(fixture.listener())).isNotEmpty();
        }
    }

    @Test
    void an_engine_whose_pids_are_not_this_machines_is_read_through_exec(@TempDir Path elsewhere) {
        // given: a /proc that is not the engine's, as on a remote engine or Docker Desktop, where
        // the container's PID means another process or none
        DockerTestCluster fixture = DockerTestCluster.shared();
        DockerEngine engine = fixture.engine();
        ConnectionInspector exec = Inspectors.create(InspectorMode.DOCKER_EXEC, engine);
        AutoInspector auto = new AutoInspector(engine, new ProcfsInspector(engine.hostPids(), elsewhere), exec);

        // then
        assertThat(auto.modeFor(fixture.listener())).isEqualTo(InspectorMode.DOCKER_EXEC);
        assertThat(auto.connections(fixture.listener())).isNotEmpty();
    }
}
