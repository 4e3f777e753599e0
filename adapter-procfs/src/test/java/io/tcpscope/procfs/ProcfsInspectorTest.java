package io.tcpscope.procfs;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.Golden;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PermissionDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A proc root laid out like the kernel's, holding the real captures. */
class ProcfsInspectorTest {

    @TempDir
    Path proc;

    @Test
    void reads_tcp_and_tcp6_of_the_containers_pid() throws IOException {
        // given
        table(4242, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        ProcfsInspector inspector = new ProcfsInspector(container -> 4242, proc);

        // when / then
        assertThat(withoutDetails(inspector.connections("node-a"))).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(withoutDetails(inspector.connectionsOfPid(4242))).containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @Test
    void a_namespace_without_ipv6_gives_its_ipv4_rows() throws IOException {
        table(7, Golden.listing("proc-net-tcp"), null);
        assertThat(new ProcfsInspector(c -> 7, proc).connections("node-a")).hasSize(17);
    }

    @Test
    void a_table_larger_than_the_first_buffer_is_read_whole() throws IOException {
        // given: 1.5 MB, where the reader starts with 16 KB
        table(9, Golden.listing("many/proc-net-tcp.gz"), "");

        // then
        assertThat(withoutDetails(new ProcfsInspector(c -> 9, proc).connections("node-a")))
                .containsExactlyInAnyOrderElementsOf(Golden.many());
    }

    @Test
    void a_pid_that_is_gone_is_a_container_that_is_not_running() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        assertThatThrownBy(() -> new ProcfsInspector(c -> 31337, proc).connections("node-a"))
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.NOT_RUNNING);
                    assertThat(e).hasMessage("container 'node-a' is not running; start it or inspect a running container");
                });
    }

    @Test
    void a_proc_root_that_is_no_proc_says_so() {
        assertThatThrownBy(() -> new ProcfsInspector(c -> 1, proc.resolve("host-proc")).connections("node-a"))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("is not a mounted /proc; mount the host's /proc there");
    }

    @Test
    void a_machine_without_linux_is_told_to_use_the_docker_modes() {
        // given: os.name is how the JVM tells the platform; this test plays a Mac
        String os = System.getProperty("os.name");
        System.setProperty("os.name", "Mac OS X");
        try {
            // then
            assertThatThrownBy(() -> new ProcfsInspector(c -> 1, proc.resolve("nowhere")).connections("node-a"))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("procfs inspection needs Linux's /proc, and Mac OS X has none;"
                            + " use the Docker exec or sidecar mode");
        } finally {
            System.setProperty("os.name", os);
        }
    }

    @Test
    void a_refused_read_names_the_privilege_that_would_allow_it() {
        // given: root cannot be refused a read on demand, so the kernel's answer is built here
        Path file = proc.resolve("1/net/tcp");

        // when
        RuntimeException mapped = new ProcTables(proc, ProcfsInspector.DEFAULT_OUTPUT_LIMIT).failure(file, "node-a", new AccessDeniedException(file.toString()));

        // then
        assertThat(mapped).isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
            assertThat(e.path()).isEqualTo(file.toString());
            assertThat(e.getMessage()).contains("permission denied reading " + file,
                    "run as root, as the user of the container's process, or with CAP_SYS_PTRACE");
        });
        assertThat(new ProcTables(proc, ProcfsInspector.DEFAULT_OUTPUT_LIMIT).failure(file, "node-a", new IOException("EIO")))
                .isInstanceOf(InspectionFailedException.class).hasMessageContaining("EIO").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void references_are_the_resolvers_to_check_and_pids_are_checked_before_any_read() {
        // given: a resolver with a grammar of its own, as each engine's adapter has
        ProcfsInspector inspector = new ProcfsInspector(c -> {
            if (!c.matches("[a-z]+/[a-z-]+")) {
                throw new IllegalArgumentException("'" + c + "' is not namespace/pod");
            }
            return 1;
        }, proc);

        // then: the reference only ever reaches the resolver; the path is made of the PID alone
        assertThatThrownBy(() -> inspector.connections("../../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'../../etc' is not namespace/pod");
        assertThatThrownBy(() -> inspector.connections("default/node-a")).isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("is not a mounted /proc");
        assertThatThrownBy(() -> inspector.connectionsOfPid(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inspector.connectionsOfPid(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_resolver_that_gives_no_positive_pid_is_refused_before_any_read() throws IOException {
        // given: a table at <root>/0/net/tcp, which no real PID can name
        table(0, Golden.listing("proc-net-tcp"), null);

        // then
        for (long pid : new long[] {0, -1, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> new ProcfsInspector(c -> pid, proc).connections("node-a"))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("only a positive PID is read");
        }
    }

    @Test
    void a_table_that_is_a_symbolic_link_is_not_followed() throws IOException {
        // given: <root>/77/net/tcp links to a file that looks like a table
        Path elsewhere = Files.writeString(proc.resolve("elsewhere"), Golden.listing("proc-net-tcp"));
        Path net = Files.createDirectories(proc.resolve("77").resolve("net"));
        Files.createSymbolicLink(net.resolve("tcp"), elsewhere);

        // then
        assertThatThrownBy(() -> new ProcfsInspector(c -> 77, proc).connections("node-a"))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    void local_connections_read_the_pid_that_self_names() throws IOException {
        // given
        table(4242, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        Files.delete(proc.resolve("self"));
        Files.createSymbolicLink(proc.resolve("self"), Path.of("4242"));

        // then
        assertThat(new ProcfsInspector(c -> 1, proc).localConnections())
                .isEqualTo(new ProcfsInspector(c -> 4242, proc).connections("node-a"))
                .isNotEmpty();
    }

    @Test
    void a_self_link_that_names_no_pid_is_refused() throws IOException {
        // given: self points out of the proc root
        table(4242, Golden.listing("proc-net-tcp"), null);
        Files.delete(proc.resolve("self"));
        Files.createSymbolicLink(proc.resolve("self"), Path.of("../etc"));

        // then
        assertThatThrownBy(() -> new ProcfsInspector(c -> 1, proc).localConnections())
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("not a PID");
    }

    @Test
    void the_local_inspector_inspects_no_container() {
        assertThatThrownBy(() -> ProcfsInspector.local().connections("node-a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localConnections()");
    }

    /** A resolver that gives a PID and the engine's id of the container. */
    private static HostPidResolver engineSaying(long pid, String id) {
        return new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return pid;
            }

            @Override
            public Optional<String> containerId(String container) {
                return Optional.of(id);
            }
        };
    }

    @Test
    void a_pid_whose_cgroup_names_the_container_is_read() throws IOException {
        // given: a cgroup v2 line as Docker's systemd driver writes it
        table(4242, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        Files.writeString(proc.resolve("4242/cgroup"), "0::/system.slice/docker-3f2a1b2c3d4e5f.scope\n");

        // then
        assertThat(withoutDetails(new ProcfsInspector(engineSaying(4242, "3f2a1b2c3d4e5f"), proc).connections("node-a")))
                .containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @Test
    void a_pid_that_is_another_process_here_is_an_engine_elsewhere_not_a_wrong_table() throws IOException {
        // given: the engine's PID names a process of this machine that is not the container's
        table(4242, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        Files.writeString(proc.resolve("4242/cgroup"), "0::/user.slice/user-1000.slice/session-2.scope\n");

        // then
        assertThatThrownBy(() -> new ProcfsInspector(engineSaying(4242, "3f2a1b2c3d4e5f"), proc).connections("node-a"))
                .isInstanceOfSatisfying(InspectionFailedException.class, e -> assertThat(e).hasMessage(
                        "could not read the TCP table of container 'node-a'; the engine gives PID 4242 for it, which is"
                                + " not the container's process on this machine: the engine runs elsewhere (a remote"
                                + " DOCKER_HOST, Docker Desktop's virtual machine, another PID namespace), so procfs cannot"
                                + " read its containers; use the exec or sidecar mode, or AUTO"));
    }

    @Test
    void a_pid_this_machine_does_not_have_while_the_engine_says_it_runs_is_an_engine_elsewhere() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        assertThatThrownBy(() -> new ProcfsInspector(engineSaying(31337, "3f2a1b2c3d4e5f"), proc).connections("node-a"))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("the engine runs elsewhere");
    }

    private void table(long pid, String tcp, String tcp6) throws IOException {
        Path net = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("net"));
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(net.resolve("tcp"), tcp);
        if (tcp6 != null) {
            Files.writeString(net.resolve("tcp6"), tcp6);
        }
    }
    @Test
    void the_local_namespace_without_a_table_is_not_called_a_container() throws IOException {
        // given: a proc root whose self names a PID without tables
        Files.createDirectories(proc.resolve("77"));
        Files.createSymbolicLink(proc.resolve("self"), Path.of("77"));

        // then
        assertThatThrownBy(() -> new ProcfsInspector(c -> 1, proc).localConnections())
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageNotContaining("container")
                .hasMessageContaining(proc.resolve("77").resolve("net").resolve("tcp").toString());
    }
}
