package io.tcpscope.assertj;

import io.tcpscope.core.Golden;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both static imports of {@code assertThat}, AssertJ's and tcpscope's, side by side as a user's
 * test has them: a list of connections reaches {@link ConnectionsAssert}, any other list AssertJ's
 * {@link ListAssert}. That this class compiles is half of the test.
 */
class BesideAssertJTest {

    @Test
    void a_list_of_connections_gets_the_table_s_checks_and_any_other_list_assertj_s() {
        // given
        List<TcpConnection> plan = Golden.plan();
        List<String> names = List.of("node-1", "node-2");

        // when
        ConnectionsAssert connections = assertThat(plan);
        ListAssert<String> strings = assertThat(names);

        // then
        connections.hasListenerOn(9000).hasInState(TcpState.TIME_WAIT, 1);
        strings.containsExactly("node-1", "node-2");
        assertThatThrownBy(() -> assertThat(plan).hasListenerOn(1))
                .hasMessageContaining("expected the table to listen on port 1");
    }
}
