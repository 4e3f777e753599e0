package io.tcpscope.core;

import io.tcpscope.core.ContainerUnavailableException.Condition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ConnectionInspector} must do, checked against real containers. Each adapter
 * subclasses it once; all of them run against the same containers and must agree with the kernel.
 */
public abstract class ConnectionInspectorContract {

    /** The inspector under test. */
    protected abstract ConnectionInspector inspector();

    /** The containers to inspect. */
    protected abstract ContractFixture fixture();

    @Test
    void every_listing_is_exactly_the_kernel_table() {
        for (String container : fixture().running()) {
            // given
            List<TcpConnection> before = withoutDetails(fixture().kernelTable(container));

            // when
            List<TcpConnection> listed = inspector().connections(container);

            // then
            assertThat(withoutDetails(listed)).as(container)
                    .containsExactlyInAnyOrderElementsOf(before)
                    .containsExactlyInAnyOrderElementsOf(withoutDetails(fixture().kernelTable(container)));
        }
    }

    @Test
    void a_single_dial_counts_once_on_each_node() {
        PeerConnections peers = new PeerConnections(inspector());
        assertThat(peers.getActiveConnectionsCount(fixture().listener())).isEqualTo(1);
        assertThat(peers.getActiveConnectionsCount(fixture().dialer())).isEqualTo(1);
    }

    @Test
    void a_bidirectional_pair_counts_twice_on_each_node() {
        PeerConnections peers = new PeerConnections(inspector());
        assertThat(peers.getActiveConnectionsCount(fixture().bidiLeft())).isEqualTo(2);
        assertThat(peers.getActiveConnectionsCount(fixture().bidiRight())).isEqualTo(2);
    }

    @Test
    void connections_on_other_ports_are_listed_but_not_counted() {
        // when
        List<TcpConnection> listed = new PeerConnections(inspector()).checkTcpConnections(fixture().dialer());

        // then
        assertThat(listed).filteredOn(c -> c.state() == TcpState.ESTABLISHED)
                .extracting(c -> c.remote().port()).containsExactlyInAnyOrder(9000, 8080);
    }

    @Test
    void a_container_without_sockets_has_an_empty_table() {
        assertThat(inspector().connections(fixture().idle())).isEmpty();
        assertThat(new PeerConnections(inspector()).getActiveConnectionsCount(fixture().idle())).isZero();
    }

    @Test
    void a_stopped_container_is_not_running() {
        assertUnavailable(fixture().stopped(), Condition.NOT_RUNNING, "is not running; start it");
    }

    @Test
    void a_paused_container_is_paused() {
        assertUnavailable(fixture().paused(), Condition.PAUSED, "is paused; unpause it");
    }

    @Test
    void a_missing_container_is_not_found() {
        assertUnavailable(fixture().missing(), Condition.NOT_FOUND, "was not found");
    }

    private void assertUnavailable(String container, Condition condition, String message) {
        assertThatThrownBy(() -> inspector().connections(container))
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(condition);
                    assertThat(e.container()).isEqualTo(container);
                    assertThat(e.getMessage()).contains("container '" + container.replaceFirst("^/", ""), message);
                });
    }
}
