package io.tcpscope.procfs;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.Golden;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The processes ProcfsInspector remembers, on a proc root laid out like the kernel's: each PID with
 * its {@code stat}, its {@code cgroup} and its tables. The resolver is a fake that counts how often it
 * is asked, and whose answer a test changes, as an engine's would after a restart.
 */
class KnownProcessesTest {

    private static final String ID_A = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    /** Node a's short id, as {@code docker ps} shows it: a reference that only that container ever has. */
    private static final String NODE_A = ID_A.substring(0, 12);
    private static final String ID_B = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";
    /** One listener, as the kernel prints it: 0.0.0.0:9000 (0x2328). */
    private static final String ONE_LISTENER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0\n";

    @TempDir
    Path proc;

    /** A resolver that answers what {@link #answer} says, and counts the questions. */
    private final List<String> asked = new ArrayList<>();
    private Function<String, HostProcess> answer;

    private final HostPidResolver engine = new HostPidResolver() {
        @Override
        public long hostPid(String container) {
            return hostProcess(container).pid();
        }

        @Override
        public HostProcess hostProcess(String container) {
            asked.add(container);
            return answer.apply(container);
        }
    };

    @Test
    void a_container_read_again_costs_no_question_to_the_engine_and_shows_its_table_as_it_is_now() throws IOException {
        // given
        process(4242, 1000, ID_A, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        answer = c -> new HostProcess(4242, ID_A);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);
        assertThat(withoutDetails(procfs.connections(NODE_A))).containsExactlyInAnyOrderElementsOf(Golden.plan());

        // when: the namespace's sockets change
        tables(4242, ONE_LISTENER, "");

        // then: the table is read anew, the engine is not asked again
        assertThat(withoutDetails(procfs.connections(NODE_A))).containsExactly(listener9000());
        assertThat(procfs.connections(NODE_A)).hasSize(1);
        assertThat(asked).containsExactly(NODE_A);
    }

    @Test
    void a_pid_that_now_names_another_process_is_asked_about_again_and_its_table_is_not_given() throws IOException {
        // given: read once
        process(4242, 1000, ID_A, ONE_LISTENER, "");
        answer = c -> new HostProcess(4242, ID_A);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);
        procfs.connections(NODE_A);

        // when: the container stopped, and its PID went to a new process of the same cgroup
        // (start time 2000) with a table of its own
        process(4242, 2000, ID_A, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        answer = c -> {
            throw new ContainerUnavailableException(c, NODE_A, ID_A, Condition.NOT_RUNNING);
        };

        // then: the engine is asked, and its answer is the error
        assertThatThrownBy(() -> procfs.connections(NODE_A))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(Condition.NOT_RUNNING));
        assertThat(asked).containsExactly(NODE_A, NODE_A);
    }

    @Test
    void a_pid_that_another_container_holds_now_is_asked_about_and_the_new_pid_is_read() throws IOException {
        // given: node-a read once as PID 4242
        process(4242, 1000, ID_A, ONE_LISTENER, "");
        answer = c -> new HostProcess(4242, ID_A);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);
        procfs.connections(NODE_A);

        // when: PID 4242 is another container's now, with the same start time; node-a restarted as 5151
        cgroup(4242, ID_B);
        process(5151, 3000, ID_A, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));
        answer = c -> new HostProcess(5151, ID_A);

        // then
        assertThat(withoutDetails(procfs.connections(NODE_A))).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(withoutDetails(procfs.connections(NODE_A))).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(asked).containsExactly(NODE_A, NODE_A);
    }

    @Test
    void a_process_that_ended_is_asked_about_again() throws IOException {
        // given
        process(4242, 1000, ID_A, ONE_LISTENER, "");
        answer = c -> new HostProcess(4242, ID_A);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);
        procfs.connections(NODE_A);

        // when: the process is gone and the container with it
        deleteTree(proc.resolve("4242"));
        answer = c -> {
            throw new ContainerUnavailableException(c, null, null, Condition.NOT_FOUND);
        };

        // then
        assertThatThrownBy(() -> procfs.connections(NODE_A))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(Condition.NOT_FOUND));
        assertThat(asked).hasSize(2);
    }

    @Test
    void a_process_without_a_container_id_is_asked_about_at_every_read() throws IOException {
        // given: a resolver whose engine's ids do not show in cgroups
        process(4242, 1000, ID_A, ONE_LISTENER, "");
        answer = c -> new HostProcess(4242, null);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);

        // when
        procfs.connections(NODE_A);
        procfs.connections(NODE_A);

        // then
        assertThat(asked).containsExactly(NODE_A, NODE_A);
    }

    @Test
    void references_are_remembered_apart_and_never_more_than_the_capacity() throws IOException {
        // given: one process per reference
        int many = KnownProcesses.CAPACITY + 5;
        KnownProcesses memory = new KnownProcesses(proc);

        // when / then
        for (int pid = 1; pid <= many; pid++) {
            String id = idOf(pid);
            process(pid, 100 + pid, id, ONE_LISTENER, "");
            memory.remember(id, memory.identify(new HostProcess(pid, id)));
            assertThat(memory.size()).isLessThanOrEqualTo(KnownProcesses.CAPACITY);
        }
        assertThat(memory.get(idOf(many))).isEqualTo(new KnownProcesses.Known(new HostProcess(many, idOf(many)), 100 + many));
        assertThat(memory.stillShows(memory.get(idOf(many)))).isTrue();
    }

    @Test
    void a_container_read_by_name_is_asked_about_at_every_read() throws IOException {
        // given: a name, which may pass to another container (docker rename, then a new one named so)
        process(4242, 1000, ID_A, ONE_LISTENER, "");
        answer = c -> new HostProcess(4242, ID_A);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);

        // when
        procfs.connections("node-a");
        procfs.connections("node-a");

        // then
        assertThat(asked).containsExactly("node-a", "node-a");
    }

    @Test
    void a_name_that_happens_to_start_the_id_is_asked_about_at_every_read() throws IOException {
        // given: a container named "3f2a", which its id starts with; a rename and a new "3f2a" would
        // make a remembered process another container's
        process(4242, 1000, ID_A, ONE_LISTENER, "");
        answer = c -> new HostProcess(4242, ID_A);
        ProcfsInspector procfs = new ProcfsInspector(engine, proc);

        // when
        procfs.connections("3f2a");
        procfs.connections("3f2a");

        // then
        assertThat(asked).containsExactly("3f2a", "3f2a");
    }

    @Test
    void a_long_name_that_an_id_of_another_form_starts_with_is_asked_about_at_every_read() throws IOException {
        // given: an engine whose ids are not hex (the shared rule keeps only hex ids), and a name of twelve
        // characters or more that such an id starts with
        String id = "node-a-replica-0000000000000000000000000000000000000000000000000";
        process(4242, 1000, id, ONE_LISTENER, "");
        KnownProcesses memory = new KnownProcesses(proc);

        // when
        memory.remember("node-a-replica", memory.identify(new HostProcess(4242, id)));

        // then
        assertThat(memory.get("node-a-replica")).isNull();
        assertThat(memory.size()).isZero();
    }

    private static String idOf(int pid) {
        return String.format(java.util.Locale.ROOT, "%064x", pid);
    }

    @Test
    void the_start_time_is_field_22_whatever_the_command_name_holds() {
        String fields = " S 1 42 42 0 -1 4194560 94 0 0 0 0 0 0 0 20 0 1 0 %s 1748992 214 18446744073709551615";
        assertThat(KnownProcesses.startTimeOf("42 (sh) " + fields.formatted("123456"))).isEqualTo(123456);
        assertThat(KnownProcesses.startTimeOf("42 (a) b (c) 1 2) " + fields.formatted("77"))).isEqualTo(77);
        assertThat(KnownProcesses.startTimeOf("42 (sh) S 1 42")).isEqualTo(-1);
        assertThat(KnownProcesses.startTimeOf("no name here")).isEqualTo(-1);
        assertThat(KnownProcesses.startTimeOf("42 (sh) " + fields.formatted("x"))).isEqualTo(-1);
    }

    private void process(long pid, long startTime, String containerId, String tcp, String tcp6) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(dir.resolve("stat"), pid + " (sh) S 1 " + pid + " " + pid
                + " 0 -1 4194560 94 0 0 0 0 0 0 0 20 0 1 0 " + startTime + " 1748992 214 18446744073709551615\n");
        cgroup(pid, containerId);
        tables(pid, tcp, tcp6);
    }

    private void cgroup(long pid, String containerId) throws IOException {
        Files.writeString(proc.resolve(pid + "/cgroup"), "0::/system.slice/docker-" + containerId + ".scope\n");
    }

    private void tables(long pid, String tcp, String tcp6) throws IOException {
        Path net = Files.createDirectories(proc.resolve(pid + "/net"));
        Files.writeString(net.resolve("tcp"), tcp);
        Files.writeString(net.resolve("tcp6"), tcp6);
    }

    private static TcpConnection listener9000() {
        return TcpConnection.of(Endpoint.of("0.0.0.0", 9000), Endpoint.of("0.0.0.0", 0), TcpState.LISTEN);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
