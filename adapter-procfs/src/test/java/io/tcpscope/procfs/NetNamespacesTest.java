package io.tcpscope.procfs;

import io.tcpscope.core.Golden;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whose network namespace a container's process is in, on a proc root laid out like the kernel's:
 * each process with its {@code stat} (start time), {@code cgroup} and {@code ns/net} link, as the
 * kernel shows them ({@code net:[4026531833]}). ContainerProcfsIT does the same with real containers.
 */
class NetNamespacesTest {

    private static final String ID = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    private static final String OWNER = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";
    private static final String HOST_NS = "net:[4026531833]";

    @TempDir
    Path proc;

    private void process(long pid, long startTime, String cgroup, String namespace) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (sh) S 1 " + pid + " " + pid
                + " 0 -1 4194560 94 0 0 0 0 0 0 0 20 0 1 0 " + startTime + " 1748992 214 18446744073709551615\n");
        Files.writeString(dir.resolve("cgroup"), cgroup);
        if (namespace != null) {
            Files.createSymbolicLink(Files.createDirectories(dir.resolve("ns")).resolve("net"), Path.of(namespace));
        }
        Path net = Files.createDirectories(dir.resolve("net"));
        Files.writeString(net.resolve("tcp"), Golden.listing("proc-net-tcp"));
        Files.createDirectories(proc.resolve("self"));
    }

    private static String docker(String id) {
        return "0::/system.slice/docker-" + id + ".scope\n";
    }

    private NamespaceOwner ownerOf(long pid, String id) {
        NetNamespaces namespaces = new NetNamespaces(proc, new ContainerEvidence(proc));
        return namespaces.ownerOf(new HostProcess(pid, id), KnownProcesses.startTime(proc, pid));
    }

    @Test
    void a_container_in_pid_1s_namespace_is_in_the_hosts() throws IOException {
        process(1, 1, "0::/init.scope\n", HOST_NS);
        process(4242, 5000, docker(ID), HOST_NS);

        assertThat(ownerOf(4242, ID)).isEqualTo(NamespaceOwner.host());
    }

    @Test
    void a_container_first_in_its_namespace_has_its_own_even_with_later_joiners_and_execs() throws IOException {
        process(1, 1, "0::/init.scope\n", HOST_NS);
        process(4242, 5000, docker(ID), "net:[4026532600]");
        process(4300, 6000, docker(ID), "net:[4026532600]"); // a docker exec
        process(5151, 7000, docker(OWNER), "net:[4026532600]"); // a container started with --network container:<ID>

        assertThat(ownerOf(4242, ID)).isNull();
    }

    @Test
    void a_container_whose_namespace_an_earlier_container_holds_is_in_that_ones() throws IOException {
        process(1, 1, "0::/init.scope\n", HOST_NS);
        process(100, 1000, docker(OWNER), "net:[4026532600]");
        process(4242, 5000, docker(ID), "net:[4026532600]");

        assertThat(ownerOf(4242, ID)).isEqualTo(NamespaceOwner.container(OWNER.substring(0, 12)));
    }

    @Test
    void where_pid_1_cannot_be_read_an_earlier_process_of_no_container_makes_it_the_hosts() throws IOException {
        // given: PID 1's ns/net is not readable (rootless Docker's host namespace is its own processes')
        process(1, 1, "0::/init.scope\n", null);
        process(900, 800, "0::/user.slice/user-1000.slice/user@1000.service/app.slice/docker.service\n", "net:[4026532100]");
        process(4242, 5000, docker(ID), "net:[4026532100]");

        assertThat(ownerOf(4242, ID)).isEqualTo(NamespaceOwner.host());
    }

    @Test
    void a_namespace_that_cannot_be_read_cannot_be_told() throws IOException {
        process(1, 1, "0::/init.scope\n", HOST_NS);
        process(4242, 5000, docker(ID), null);

        assertThat(ownerOf(4242, ID)).isNull();
    }

    @Test
    void a_namespace_that_cannot_be_read_but_lists_a_socket_of_pid_1s_is_the_hosts() throws IOException {
        // given: net/unix as the kernel prints it (any user may read it); ns/net is not readable
        String header = "Num       RefCount Protocol Flags    Type St Inode Path\n";
        String hostSockets = header + "000000003cdbf923: 00000002 00000000 00000000 0001 03 8009090\n"
                + "00000000a9389225: 00000003 00000000 00010000 0001 01 7933880 /run/docker.sock\n";
        process(1, 1, "0::/init.scope\n", null);
        Files.writeString(proc.resolve("1/net/unix"), hostSockets);
        process(4242, 5000, docker(ID), null);
        process(5151, 6000, docker(OWNER), null);
        Files.writeString(proc.resolve("5151/net/unix"), header + "00000000bb389225: 00000002 00000000 00010000 0001 01 9100001 @x\n");
        process(6161, 7000, docker(OWNER), null);
        Files.writeString(proc.resolve("6161/net/unix"), header);

        // when: the host's listing, as a --network host container's is
        Files.writeString(proc.resolve("4242/net/unix"), hostSockets);

        // then
        assertThat(ownerOf(4242, ID)).isEqualTo(NamespaceOwner.host());
        assertThat(ownerOf(5151, OWNER)).as("sockets of its own").isNull();
        assertThat(ownerOf(6161, OWNER)).as("no sockets at all").isNull();
    }

    @Test
    void the_inspector_refuses_a_shared_namespace_by_default_and_reads_it_when_told_to() throws IOException {
        // given
        process(1, 1, "0::/init.scope\n", HOST_NS);
        process(100, 1000, docker(OWNER), "net:[4026532600]");
        process(4242, 5000, docker(ID), "net:[4026532600]");
        HostPidResolver engine = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return hostProcess(container).pid();
            }

            @Override
            public HostProcess hostProcess(String container) {
                return container.equals("db") ? new HostProcess(100, OWNER) : new HostProcess(4242, ID);
            }
        };

        // then
        ProcfsInspector refusing = ProcfsInspector.builder(engine).withProcRoot(proc)
                .withSharedNamespaces(SharedNamespacePolicy.refuse("--shared-namespaces")).build();
        for (int read = 0; read < 2; read++) { // the second time from the remembered process
            assertThatThrownBy(() -> refusing.connections(ID))
                    .isInstanceOfSatisfying(SharedNamespaceException.class, e -> assertThat(e).hasMessage(
                            "container '3f2a1b2c3d4e' shares container '9e8d7c6b5a4f''s network namespace"
                                    + " (--network container:9e8d7c6b5a4f), so its table would be that container's; give it"
                                    + " a network of its own, or read it anyway with --shared-namespaces"));
        }
        assertThat(refusing.sharedNamespace(ID)).contains(NamespaceOwner.container("9e8d7c6b5a4f"));
        assertThat(refusing.sharedNamespace("db")).isEmpty();
        assertThat(refusing.connections("db")).hasSize(17);

        ProcfsInspector reading = ProcfsInspector.builder(engine).withProcRoot(proc).withSharedNamespaces().build();
        assertThat(reading.connections(ID)).hasSize(17);
        assertThat(reading.connections(ID)).hasSize(17);
    }
}
