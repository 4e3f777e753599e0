package io.tcpscope.assertj;

import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.EventLog;
import org.junit.jupiter.api.Test;

import static io.tcpscope.assertj.KernelEvents.kernel;
import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event log assertions on logs that core builds from kernel events the test wrote itself, one a
 * millisecond from 12:00:00 ({@link KernelEvents}): each dial's end, each reset and each retransmit,
 * and when, are known by construction.
 */
class EventLogAssertTest {

    @Test
    void the_kernel_s_events_as_a_test_asserts_on_them() {
        // given: node-1 dialed node-2 twice; node-2 dialed node-3, where nothing listened, twice
        EventLog events = kernel().connected("node-1", "node-2").connected("node-1", "node-2")
                .refused("node-2", "node-3").refused("node-2", "node-3").log();

        // then
        // --8<-- [start:events]
        assertThat(events)                                          // a recorder's events(), after syncEvents(..)
                .hasNoResets()                                      // no live link was reset
                .hasNoRetransmits("node-1", "node-2");              // nothing node-1 sent node-2 was lost
        assertThat(events).dialsFrom("node-1").to("node-2").allSucceeded();
        assertThat(events).dialsFrom("node-2").to("node-3").failedExactly(2, DialOutcome.REFUSED);
        // --8<-- [end:events]
    }

    @Test
    void no_failed_dial_passes_on_dials_that_all_connected_and_on_no_dial_at_all() {
        assertThatCode(() -> assertThat(kernel().connected("node-1", "node-2").reset("node-3", "node-1").log())
                .hasNoFailedDials()).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(kernel().log()).hasNoFailedDials()).doesNotThrowAnyException();
    }

    @Test
    void a_failed_dial_is_listed_with_the_log_s_diagnosis() {
        // given: dials ended at 0 (connected), 2 and 5 (refused) and 9 ms (timed out after two SYNs)
        EventLog events = kernel().connected("node-1", "node-3").refused("node-2", "node-3").refused("node-2", "node-3")
                .timedOut("node-1", "node-3").log();

        // then
        assertThatThrownBy(() -> assertThat(events).hasNoFailedDials()).hasMessage(
                "expected no dial to fail, but 3 of 4 dials failed:\n"
                        + "  12:00:00.002 DIAL_FAILED node-2 -> node-3:9000 refused\n"
                        + "  12:00:00.005 DIAL_FAILED node-2 -> node-3:9000 refused\n"
                        + "  12:00:00.009 DIAL_FAILED node-1 -> node-3:9000 timed out after 2 SYN retransmits\n"
                        + "in short:\n"
                        + "  node-1 dialed node-3:9000 2 times in the last 1 s: 1 timed out (SYNs unanswered: a partition"
                        + " or a firewall?), 1 connected\n"
                        + "  node-2 dialed node-3:9000 2 times in the last 1 s: 2 refused (nothing listens on node-3:9000)");
    }

    @Test
    void a_long_list_of_failed_dials_is_cut_and_counted_and_a_full_log_says_what_it_dropped() {
        // given
        KernelEvents kernel = kernel();
        for (int i = 0; i < 25; i++) {
            kernel.refused("node-2", "node-3");
        }

        // then
        assertThatThrownBy(() -> assertThat(kernel.log()).hasNoFailedDials())
                .hasMessageStartingWith("expected no dial to fail, but 25 of 25 dials failed:\n"
                        + "  12:00:00.001 DIAL_FAILED node-2 -> node-3:9000 refused\n")
                .hasMessageContaining("  12:00:00.058 DIAL_FAILED node-2 -> node-3:9000 refused\n"
                        + "  (and 5 more)\n"
                        + "in short:\n"
                        + "  node-2 dialed node-3:9000 25 times in the last 1 s: 25 refused (nothing listens on node-3:9000)");
        assertThatThrownBy(() -> assertThat(kernel.capacity(1).log()).hasNoFailedDials()).hasMessage(
                "expected no dial to fail, but 1 of 1 dials failed:\n"
                        + "  12:00:00.073 DIAL_FAILED node-2 -> node-3:9000 refused\n"
                        + "in short:\n"
                        + "  node-2 dialed node-3:9000 once in the last 1 s: 1 refused (nothing listens on node-3:9000)\n"
                        + "(the log dropped 24 older dials and resets to stay within its capacity)");
    }

    @Test
    void a_reset_of_a_live_link_is_listed_with_who_sent_it_and_the_receiver_s_state() {
        // given: node-1 dialed node-3 at 0 ms; node-3 reset the link at 2 ms; a refused dial is no live link's reset
        EventLog events = kernel().reset("node-3", "node-1").refused("node-2", "node-3").log();

        // then
        assertThatThrownBy(() -> assertThat(events).hasNoResets()).hasMessage(
                "expected no live link to be reset, but 1 was (sender, then the receiver and its state):\n"
                        + "  12:00:00.002 RESET node-3 10.0.0.3:9000 -> node-1 10.0.0.1:40000 (ESTAB)");
        assertThat(kernel().connected("node-1", "node-2").refused("node-2", "node-3").log()).hasNoResets();
    }

    @Test
    void retransmits_count_per_direction_and_syns_do_not_count() {
        // given: node-1 sent node-2 a segment again three times; node-2's dial to node-1 resent its SYN twice
        EventLog events = kernel().retransmits("node-1", "node-2", 3).timedOut("node-2", "node-1").log();

        // then
        assertThat(events).hasNoRetransmits("node-2", "node-1").hasNoRetransmits("node-1", "node-3");
        assertThatThrownBy(() -> assertThat(events).hasNoRetransmits("node-1", "node-2")).hasMessage(
                "expected node-1 to send node-2 no segment again, but it retransmitted 3 (SYNs not counted)");
    }

    @Test
    void a_log_that_read_no_kernel_event_passes_no_check_that_nothing_failed() {
        // given: what a recorder that samples only gives
        EventLog unread = EventLog.unread("samples only: not root");

        // then
        assertThatThrownBy(() -> assertThat(unread).hasNoFailedDials()).hasMessage("expected no dial to fail, but the"
                + " kernel's events were not read, so nothing could be seen: samples only: not root");
        assertThatThrownBy(() -> assertThat(unread).hasNoResets()).hasMessageStartingWith(
                "expected no live link to be reset, but the kernel's events were not read");
        assertThatThrownBy(() -> assertThat(unread).hasNoRetransmits("node-1", "node-2")).hasMessageStartingWith(
                "expected no segment sent again, but the kernel's events were not read");
    }

    @Test
    void no_log_fails_as_assertj_fails_on_null() {
        assertThatThrownBy(() -> assertThat((EventLog) null).hasNoFailedDials())
                .hasMessageContaining("Expecting actual not to be null");
        assertThatThrownBy(() -> assertThat((EventLog) null).dialsFrom("node-1").to("node-2").allSucceeded())
                .hasMessageContaining("Expecting actual not to be null");
    }
}
