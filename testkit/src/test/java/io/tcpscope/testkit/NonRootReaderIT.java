package io.tcpscope.testkit;

import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.parse.Listings;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestUser;
import io.tcpscope.procfs.ProcfsInspector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a reader that is not root sees of a root container's table. On mainline kernels
 * {@code /proc/<pid>/net/tcp} is world-readable, unlike {@code /proc/<pid>/ns/net}: user nobody
 * reads the same rows root does. (A /proc mounted with hidepid, or an LSM policy, would refuse;
 * the procfs adapter then raises PermissionDeniedException naming the privilege needed.)
 *
 * <p>Only root can become user nobody, so elsewhere the test is skipped; CI runs it as root, and
 * under {@code CI=true} it fails if it is not.
 */
class NonRootReaderIT {

    @BeforeAll
    static void asRoot() {
        TestUser.requireRoot("NonRootReaderIT, which reads as user nobody through setpriv,");
    }

    @Test
    void nobody_reads_the_same_table_of_a_root_container_as_root() throws Exception {
        // given
        DockerTestCluster cluster = DockerTestCluster.shared();
        long pid = cluster.engine().hostPids().hostPid(cluster.listener());
        List<TcpConnection> asRoot = new ProcfsInspector(c -> pid).connections(cluster.listener());

        // when
        String asNobody = runAsNobody("cat", "/proc/" + pid + "/net/tcp", "/proc/" + pid + "/net/tcp6");

        // then
        assertThat(withoutDetails(Listings.parse(ListingFormat.PROC, asNobody)))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(asRoot)).isNotEmpty();
    }

    @Test
    void nobody_cannot_enter_a_root_containers_network_namespace() throws Exception {
        long pid = DockerTestCluster.shared().engine().hostPids().hostPid(DockerTestCluster.shared().listener());
        Process readlink = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "readlink", "-v", "/proc/" + pid + "/ns/net").redirectErrorStream(true).start();
        assertThat(readlink.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(readlink.exitValue()).isNotZero();
        assertThat(new String(readlink.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("Permission denied");
    }

    private static String runAsNobody(String... command) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return out;
    }
}
