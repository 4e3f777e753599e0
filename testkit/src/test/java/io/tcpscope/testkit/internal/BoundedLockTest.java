package io.tcpscope.testkit.internal;

import io.tcpscope.core.EngineUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A lock wait that gives up says what kept it waiting, and not that the engine failed to answer;
 * an interrupted one keeps the thread's flag. Whatever holds the lock is a real thread that holds
 * it until the test lets go.
 */
@Timeout(30)
class BoundedLockTest {

    private static final Duration BOUND = Duration.ofMillis(200);

    private final BoundedLock lock = new BoundedLock("cluster tcpscope-test", BOUND, () -> "unix:///engine.sock");
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private final CountDownLatch letGo = new CountDownLatch(1);

    @AfterEach
    void end() {
        letGo.countDown();
        other.shutdownNow();
    }

    /** Runs a change on another thread that holds the lock until the test ends, and returns once it holds it. */
    private void changeHeldElsewhere(String what) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        other.submit(() -> lock.change(what, () -> {
            held.countDown();
            awaitLetGo();
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the other thread holds the lock").isTrue();
    }

    /** Runs a read on another thread that holds the lock until the test ends, and returns once it holds it. */
    private void readHeldElsewhere() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        other.submit(() -> lock.read("a read", () -> {
            held.countDown();
            awaitLetGo();
            return null;
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the other thread holds the lock").isTrue();
    }

    private void awaitLetGo() {
        try {
            letGo.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_read_that_a_change_keeps_waiting_past_the_bound_says_which_change_and_not_that_the_engine_stalled() throws Exception {
        // given
        changeHeldElsewhere("pause");
        AtomicBoolean ran = new AtomicBoolean();

        // when
        Throwable thrown = catchThrowable(() -> lock.read("a read", () -> ran.getAndSet(true)));

        // then
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class)
                .hasMessage("'a read of cluster tcpscope-test' did not run: the change under way (pause) kept it waiting"
                        + " for longer than 200 ms; they wait on the Docker engine at unix:///engine.sock or on a command in a"
                        + " container: check that the engine responds ('docker info') and what runs in the containers, or"
                        + " give them a longer timeout")
                .hasMessageNotContaining("did not answer");
        assertThat(ran).as("the read ran").isFalse();
    }

    @Test
    void a_change_that_reads_keep_waiting_past_the_bound_says_that_the_reads_did_not_end() throws Exception {
        // given
        readHeldElsewhere();
        AtomicBoolean ran = new AtomicBoolean();

        // when
        Throwable thrown = catchThrowable(() -> lock.change("remove", () -> ran.set(true)));

        // then
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("'remove of cluster tcpscope-test' did not run: the reads and changes under way"
                        + " kept it waiting for longer than 200 ms;")
                .hasMessageNotContaining("did not answer");
        assertThat(ran).as("the change ran").isFalse();
    }

    @Test
    void an_interrupted_wait_is_a_typed_failure_and_the_thread_stays_interrupted() throws Exception {
        // given
        changeHeldElsewhere("unpause");
        Thread.currentThread().interrupt();

        // when
        Throwable thrown = catchThrowable(() -> lock.read("a read", () -> null));
        boolean stillInterrupted = Thread.interrupted(); // clears it, for the next test

        // then
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("interrupted while waiting for 'a read of cluster tcpscope-test, behind the change"
                        + " under way (unpause)' on unix:///engine.sock; the call was given up");
        assertThat(stillInterrupted).as("the interrupt flag").isTrue();
    }

    @Test
    void a_change_made_while_no_one_holds_the_lock_runs_and_a_read_inside_it_too() {
        // given
        AtomicBoolean read = new AtomicBoolean();

        // when
        lock.change("start", () -> lock.read("a read", () -> read.getAndSet(true)));

        // then
        assertThat(read).as("the read inside the change ran").isTrue();
    }
}
