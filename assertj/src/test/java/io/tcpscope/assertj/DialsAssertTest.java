package io.tcpscope.assertj;

import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.EventLog;
import org.junit.jupiter.api.Test;

import static io.tcpscope.assertj.KernelEvents.kernel;
import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dial assertions on logs that core builds from kernel events the test wrote itself
 * ({@link KernelEvents}): which node dialed which, and how each dial ended, is known by construction.
 */
class DialsAssertTest {

    private static final String NO_EVENTS = "none was made, or the kernel's events were not read"
            + " (a recorder's source() says why)";

    @Test
    void all_succeeded_looks_at_the_dialer_s_dials_to_the_target_only() {
        // given: node-1's dials to node-2 connected at 0 and 1 ms; its dial to node-3 was refused at 3 ms
        EventLog events = kernel().connected("node-1", "node-2").connected("node-1", "node-2").refused("node-1", "node-3")
                .refused("node-2", "node-1").log();

        // then
        assertThatCode(() -> assertThat(events).dialsFrom("node-1").to("node-2").allSucceeded().hasSize(2))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-1").allSucceeded()).hasMessage(
                "expected every dial from node-1 to connect, but 1 of 3 failed:\n"
                        + "  12:00:00.003 DIAL_FAILED node-1 -> node-3:9000 refused");
    }

    @Test
    void no_dial_seen_is_a_failure_that_says_the_kernel_s_events_may_be_missing() {
        // given: node-1 dialed node-2; nobody dialed node-1
        EventLog events = kernel().connected("node-1", "node-2").log();

        // then
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-2").to("node-1").allSucceeded()).hasMessage(
                "expected dials from node-2 to node-1 that all connected, but the kernel's events show no dial from"
                        + " node-2 to node-1: " + NO_EVENTS);
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-1").to("node-3").failedExactly(0, DialOutcome.REFUSED))
                .hasMessage("expected exactly 0 dials from node-1 to node-3 to end refused, but the kernel's events show"
                        + " no dial from node-1 to node-3: " + NO_EVENTS);
        // a recorder that could not read the kernel's events has an empty log
        assertThatThrownBy(() -> assertThat(kernel().log()).dialsFrom("node-1").allSucceeded()).hasMessage(
                "expected dials from node-1 that all connected, but the kernel's events show no dial from node-1: "
                        + NO_EVENTS);
    }

    @Test
    void failed_exactly_counts_one_way_of_failing_and_lists_every_dial_when_the_count_is_off() {
        // given: node-2's dials to node-3 ended at 0 (connected), 2 and 5 (refused), 9 ms (timed out)
        EventLog events = kernel().connected("node-2", "node-3").refused("node-2", "node-3").refused("node-2", "node-3")
                .timedOut("node-2", "node-3").log();

        // then
        assertThat(events).dialsFrom("node-2").to("node-3").failedExactly(2, DialOutcome.REFUSED)
                .failedExactly(1, DialOutcome.TIMED_OUT).failedExactly(0, DialOutcome.UNREACHABLE);
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-2").to("node-3").failedExactly(1, DialOutcome.REFUSED))
                .hasMessage("expected exactly 1 dial from node-2 to node-3 to end refused, but 2 did, of the 4 seen:\n"
                        + "  12:00:00 DIAL node-2 -> node-3:9000 connected\n"
                        + "  12:00:00.002 DIAL_FAILED node-2 -> node-3:9000 refused\n"
                        + "  12:00:00.005 DIAL_FAILED node-2 -> node-3:9000 refused\n"
                        + "  12:00:00.009 DIAL_FAILED node-2 -> node-3:9000 timed out after 2 SYN retransmits");
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-2").failedExactly(1, DialOutcome.CONNECTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CONNECTED is no failure; check that every dial connected with allSucceeded()");
    }

    @Test
    void assertj_s_list_assertions_work_and_keep_the_dialer_and_target_in_messages() {
        // given
        EventLog events = kernel().connected("node-1", "node-3").refused("node-1", "node-3").connected("node-1", "node-2")
                .log();

        // then
        assertThat(events).dialsFrom("node-1").to("node-3").extracting(Dial::outcome)
                .containsExactly(DialOutcome.CONNECTED, DialOutcome.REFUSED);
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-1").to("node-3")
                .filteredOn(d -> d.outcome() == DialOutcome.TIMED_OUT).allSucceeded())
                .hasMessageStartingWith("expected dials from node-1 to node-3 that all connected, but the kernel's"
                        + " events show no dial from node-1 to node-3");
        assertThatThrownBy(() -> assertThat(events).dialsFrom("node-1").filteredOn(d -> d.source().port() > 40_000)
                .to("node-3").allSucceeded())
                .hasMessage("expected every dial from node-1 to node-3 to connect, but 1 of 1 failed:\n"
                        + "  12:00:00.002 DIAL_FAILED node-1 -> node-3:9000 refused");
        assertThatThrownBy(() -> assertThat(events).as("after the restart").dialsFrom("node-1").to("node-3").allSucceeded())
                .hasMessageStartingWith("[after the restart] expected every dial from node-1 to node-3 to connect");
    }
}
