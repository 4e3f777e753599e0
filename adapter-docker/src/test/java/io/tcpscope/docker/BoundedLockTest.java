package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lock held across engine calls: a waiter that gives up says why, in one line, typed. */
@Timeout(60)
class BoundedLockTest {

    private final BoundedLock lock = new BoundedLock();

    @Test
    void a_waiter_past_its_bound_says_what_the_holder_does_did_not_end() throws Exception {
        // given: another thread holds it
        holdElsewhere();

        // then
        assertThatThrownBy(() -> lock.lock("unix:///x.sock", "build image tcpscope/peer (for another thread)",
                Duration.ofMillis(100)))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("the Docker engine at unix:///x.sock did not answer 'build image tcpscope/peer"
                        + " (for another thread)' within 100 ms");
    }

    @Test
    void an_interrupted_waiter_says_it_was_interrupted_and_keeps_its_flag() throws Exception {
        // given: another thread holds it, and this one is interrupted
        holdElsewhere();
        Thread.currentThread().interrupt();

        // then
        try {
            assertThatThrownBy(() -> lock.lock("unix:///x.sock", "build image tcpscope/peer (for another thread)",
                    Duration.ofSeconds(30)))
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessage("interrupted while waiting for 'build image tcpscope/peer (for another thread)' on"
                            + " unix:///x.sock; the call was given up, which says nothing of the engine");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private void holdElsewhere() throws Exception {
        CompletableFuture.runAsync(() -> lock.lock("unix:///x.sock", "hold", Duration.ofSeconds(1))).get(10, TimeUnit.SECONDS);
    }
}
