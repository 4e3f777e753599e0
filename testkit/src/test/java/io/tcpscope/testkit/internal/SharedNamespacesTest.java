package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Containers in a shared network namespace, as an inspector at the port boundary reports them (the
 * adapters' own detection is tested in their modules): refused at adoption and in a wait, unless read.
 */
class SharedNamespacesTest {

    private static final String HOSTED = "3f2a1b2c3d4e5f60718293a4b5c6d7e8";
    private static final String OWN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /** An inspector that knows one container in the host's namespace, and refuses to read it. */
    private static final class HostNetworkInspector implements ConnectionInspector {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public List<TcpConnection> connections(String container) {
            reads.incrementAndGet();
            sharedNamespace(container).ifPresent(owner -> SharedNamespacePolicy.DEFAULT.check("'proxy' (3f2a1b2c3d4e)", owner));
            return List.of();
        }

        @Override
        public Optional<NamespaceOwner> sharedNamespace(String container) {
            return container.equals(HOSTED) ? Optional.of(NamespaceOwner.host()) : Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void adopting_a_container_in_the_hosts_namespace_is_refused_in_one_line_that_gives_the_way_in() {
        // given
        Map<String, String> containers = new LinkedHashMap<>();
        containers.put("db", OWN);
        containers.put("proxy", HOSTED);

        // when / then
        assertThatThrownBy(() -> SharedNamespaces.refuse(new HostNetworkInspector(), containers, SharedNamespacePolicy.DEFAULT))
                .isInstanceOf(SharedNamespaceException.class)
                .hasMessage("container 'proxy' (3f2a1b2c3d4e) shares the host's network namespace (--network host), so its"
                        + " table would be the host's; give it a network of its own, or read it anyway with"
                        + " withSharedNamespaces()")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void adopting_it_with_shared_namespaces_read_is_allowed() {
        assertThatCode(() -> SharedNamespaces.refuse(new HostNetworkInspector(), Map.of("proxy", HOSTED),
                SharedNamespacePolicy.read())).doesNotThrowAnyException();
    }

    @Test
    void containers_with_namespaces_of_their_own_are_adopted() {
        assertThatCode(() -> SharedNamespaces.refuse(new HostNetworkInspector(), Map.of("db", OWN),
                SharedNamespacePolicy.DEFAULT)).doesNotThrowAnyException();
    }

    @Test
    @Timeout(30)
    void a_wait_on_a_node_in_a_shared_namespace_fails_at_the_first_read_with_its_one_line() {
        // given: a wait that could last ten minutes
        HostNetworkInspector inspector = new HostNetworkInspector();

        // when / then: the refusal is not a failure time can mend
        assertThatThrownBy(() -> Polling.until(() -> inspector.connections(HOSTED), table -> !table.isEmpty(),
                Duration.ofMinutes(10), last -> new AssertionError("timed out")))
                .isInstanceOf(SharedNamespaceException.class)
                .hasMessageStartingWith("container 'proxy' (3f2a1b2c3d4e) shares the host's network namespace");
        assertThat(inspector.reads).hasValue(1);
    }
}
