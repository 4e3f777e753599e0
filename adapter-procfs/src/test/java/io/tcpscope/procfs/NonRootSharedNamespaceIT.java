package io.tcpscope.procfs;

import io.tcpscope.core.HostProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader that is not root cannot read a root container's {@code ns/net} (as NonRootReaderIT in the
 * testkit shows), yet reads its tables: a container in the host's network namespace must still be
 * told, and refused, rather than read as if the host's table were its own. User nobody reads
 * through the real {@code /proc} ({@link AsNobody}).
 */
@Timeout(180)
class NonRootSharedNamespaceIT {

    private static AsNobody nobody;

    @BeforeAll
    static void nobody() throws IOException {
        nobody = AsNobody.start();
        DockerCli.require();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        DockerCli.removeAll();
        if (nobody != null) {
            nobody.close();
        }
    }

    @Test
    void a_container_in_the_hosts_namespace_is_refused_to_a_reader_that_cannot_read_its_ns_link() throws Exception {
        // given
        String hostNet = DockerCli.run(List.of("--network", "host"), "sleep", "600");
        HostProcess process = DockerCli.resolver().hostProcess(hostNet);

        // when
        String said = nobody.read(Path.of("/proc"), hostNet, process);

        // then
        assertThat(said).isEqualTo("SharedNamespaceException: container '" + hostNet + "' (" + process.containerId().substring(0, 12)
                + ") shares the host's network namespace (--network host), so its table would be the host's; give it a"
                + " network of its own, or read it anyway with withSharedNamespaces()");
    }

    @Test
    void a_container_with_a_namespace_of_its_own_is_read_by_a_reader_that_cannot_read_its_ns_link() throws Exception {
        // given
        String own = DockerCli.run(List.of(), "sleep", "600");
        HostProcess process = DockerCli.resolver().hostProcess(own);

        // then
        assertThat(nobody.read(Path.of("/proc"), own, process)).startsWith("read ");
    }
}
