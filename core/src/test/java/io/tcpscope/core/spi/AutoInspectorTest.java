package io.tcpscope.core.spi;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AUTO's choice among providers; the providers here are plain functions, the real ones have ITs. */
class AutoInspectorTest {

    private final List<String> reads = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();

    /** A provider that serves the given targets, reading each with the given function, and logs each read. */
    private InspectorProvider provider(String name, int priority, Set<String> serves,
                                       Function<String, List<TcpConnection>> read) {
        return new InspectorProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public boolean recognises(String target) {
                return !target.contains("/") || name.startsWith("k8s");
            }

            @Override
            public boolean canServe(String target, InspectionContext context) {
                asked.add(name);
                if (target.equals("throws")) {
                    throw new IllegalStateException("cannot tell");
                }
                return serves.contains(target);
            }

            @Override
            public ConnectionInspector create(InspectionContext context) {
                return new ConnectionInspector() {
                    @Override
                    public List<TcpConnection> connections(String target) {
                        reads.add(name + ":" + target);
                        return read.apply(target);
                    }

                    @Override
                    public java.util.Optional<io.tcpscope.core.NamespaceOwner> sharedNamespace(String target) {
                        reads.add(name + " namespace:" + target);
                        return target.startsWith("host-")
                                ? java.util.Optional.of(io.tcpscope.core.NamespaceOwner.host()) : java.util.Optional.empty();
                    }

                    @Override
                    public void close() {
                        reads.add(name + " closed");
                    }
                };
            }
        };
    }

    private static List<TcpConnection> table(int port) {
        return List.of(TcpConnection.of(Endpoint.of("127.0.0.1", port), Endpoint.of("0.0.0.0", 0), TcpState.LISTEN));
    }

    private static List<TcpConnection> noTool(String target) {
        throw new InspectionFailedException(target, List.of(
                new CommandFailedException(target, List.of("cat", "/proc/net/tcp"), 127, ""),
                CommandFailedException.toolMissing(target, List.of("ss", "-tanH"), "executable file not found")),
                "no tools");
    }

    @Test
    void reads_each_target_with_the_first_provider_that_serves_it_and_remembers_it() {
        // given
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of("a", "b"), t -> table(2)),
                provider("procfs", 300, Set.of("a"), t -> table(3)),
                provider("manual", -1, Set.of("a", "b"), t -> table(9)))), InspectionContext.empty());

        // when
        List<TcpConnection> a = auto.connections("a");
        List<TcpConnection> b = auto.connections("b");
        auto.connections("a");

        // then
        assertThat(a).isEqualTo(table(3));
        assertThat(b).isEqualTo(table(2));
        assertThat(reads).containsExactly("procfs:a", "exec:b", "procfs:a");
        assertThat(auto.modeFor("a")).contains("procfs");
        assertThat(auto.modeFor("b")).contains("exec");
    }

    @Test
    void a_target_without_tools_goes_to_the_next_provider_that_serves_it() {
        // given
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of("distroless"), AutoInspectorTest::noTool),
                provider("sidecar", 100, Set.of("distroless"), t -> table(1)))), InspectionContext.empty());

        // when
        List<TcpConnection> read = auto.connections("distroless");
        auto.connections("distroless");

        // then
        assertThat(read).isEqualTo(table(1));
        assertThat(reads).containsExactly("exec:distroless", "sidecar:distroless", "sidecar:distroless");
    }

    @Test
    void any_other_failure_is_thrown_as_it_is_and_the_choice_is_made_again() {
        // given: the target stops after its first read
        List<Boolean> running = new ArrayList<>(List.of(true));
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of("a"), t -> {
                    if (!running.get(0)) {
                        throw new ContainerUnavailableException(t, null, null, Condition.NOT_RUNNING);
                    }
                    return table(2);
                }),
                provider("sidecar", 100, Set.of("a"), t -> table(1)))), InspectionContext.empty());
        auto.connections("a");
        running.set(0, false);

        // then
        assertThatThrownBy(() -> auto.connections("a")).isInstanceOf(ContainerUnavailableException.class);
        assertThatThrownBy(() -> auto.connections("a")).isInstanceOf(ContainerUnavailableException.class);
        assertThat(reads).containsExactly("exec:a", "exec:a", "exec:a");
    }

    @Test
    void a_target_no_provider_serves_is_read_by_the_first_so_that_its_failure_says_why() {
        // given
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("procfs", 300, Set.of(), t -> {
                    throw new ContainerUnavailableException(t, null, null, Condition.NOT_FOUND);
                }),
                provider("exec", 200, Set.of(), t -> table(2)))), InspectionContext.empty());

        // then
        assertThatThrownBy(() -> auto.connections("throws")).isInstanceOf(ContainerUnavailableException.class)
                .hasMessageContaining("'throws' was not found");
        assertThat(auto.modeFor("gone")).isEmpty();
    }

    @Test
    void a_target_no_provider_serves_is_read_by_the_first_that_takes_its_kind_of_reference() {
        // given
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of(), t -> table(2)),
                provider("k8s-exec", 150, Set.of(), t -> {
                    throw new ContainerUnavailableException(t, null, null, Condition.NOT_RUNNING);
                }))), InspectionContext.empty());

        // then
        assertThatThrownBy(() -> auto.connections("p2p/node-0")).isInstanceOf(ContainerUnavailableException.class);
        assertThat(reads).containsExactly("k8s-exec:p2p/node-0");
    }

    @Test
    void a_target_no_provider_takes_is_refused_naming_the_modes() {
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of(), t -> table(2)))), InspectionContext.empty());

        assertThatThrownBy(() -> auto.connections("p2p/node-0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'p2p/node-0' is not a container name or id, nor any reference the modes [exec] take");
        assertThat(reads).isEmpty();
    }

    @Test
    void closing_closes_the_inspectors_it_created() {
        // given
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of("a"), t -> table(2)),
                provider("sidecar", 100, Set.of("a"), t -> table(1)))), InspectionContext.empty());
        auto.connections("a");

        // when
        auto.close();

        // then
        assertThat(reads).containsExactly("exec:a", "exec closed");
    }

    @Test
    void when_every_provider_lacks_a_tool_the_first_failure_is_thrown() {
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 200, Set.of("bare"), AutoInspectorTest::noTool),
                provider("other", 100, Set.of("bare"), t -> {
                    throw CommandFailedException.toolMissing(t, List.of("nsenter"), "nsenter: not found");
                }))), InspectionContext.empty());

        assertThatThrownBy(() -> auto.connections("bare")).isInstanceOfSatisfying(InspectionFailedException.class,
                e -> assertThat(e.toolsMissing()).isTrue());
    }

    @Test
    void needs_a_provider_that_takes_part() {
        assertThatThrownBy(() -> new AutoInspector(InspectorProviders.of(List.of(
                provider("manual", -1, Set.of(), t -> List.of()))), InspectionContext.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[manual]");
    }

    @Test
    void a_mode_is_not_asked_whether_it_can_serve_once_an_earlier_one_has_read() {
        // given: two modes that can both serve; asking the second may cost something (a helper to start)
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("first", 300, Set.of("node-a"), t -> table(9000)),
                provider("second", 200, Set.of("node-a"), t -> table(9001)))), InspectionContext.empty());

        // when
        List<TcpConnection> read = auto.connections("node-a");

        // then
        assertThat(read).isEqualTo(table(9000));
        assertThat(asked).containsExactly("first");
        assertThat(reads).containsExactly("first:node-a");
    }

    @Test
    void asks_the_mode_that_serves_a_target_whose_namespace_it_shares() {
        // given
        AutoInspector auto = new AutoInspector(InspectorProviders.of(List.of(
                provider("exec", 10, Set.of("node-a"), t -> table(1)),
                provider("procfs", 20, Set.of("host-b", "node-a"), t -> table(2)))), InspectionContext.empty());

        // when, then: a mode that cannot serve is not asked; the first that can is
        assertThat(auto.sharedNamespace("host-b")).contains(io.tcpscope.core.NamespaceOwner.host());
        assertThat(auto.sharedNamespace("node-a")).isEmpty();
        assertThat(auto.sharedNamespace("nowhere")).isEmpty();
        assertThat(reads).containsExactly("procfs namespace:host-b", "procfs namespace:node-a");
    }
}
