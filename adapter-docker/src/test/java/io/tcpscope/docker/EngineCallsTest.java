package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The bound on engine calls, with calls that are plain code: one that never returns stands for an
 * engine that took the request and never answered (the engine itself is in {@link EngineFaultsIT}).
 */
@Timeout(60)
class EngineCallsTest {

    private final EngineCalls calls = new EngineCalls("unix:///test.sock", Duration.ofMillis(300));

    @Test
    void a_call_that_never_returns_is_a_stalled_engine_naming_the_engine_and_the_call() {
        // given
        CountDownLatch never = new CountDownLatch(1);

        // then
        assertThatThrownBy(() -> calls.call("inspect container node-a", () -> {
            never.await();
            return null;
        })).isInstanceOfSatisfying(EngineUnavailableException.class, e -> {
            assertThat(e.call()).contains("inspect container node-a");
            assertThat(e.endpoint()).isEqualTo("unix:///test.sock");
        }).hasMessage("the Docker engine at unix:///test.sock did not answer 'inspect container node-a' within 300 ms;"
                + " check that it responds ('docker info'), or give it longer with the engine's response timeout");
    }

    @Test
    void the_thread_of_a_call_given_up_is_interrupted_so_that_a_blocking_read_ends() {
        // given: a call that waits until it is interrupted, as a read on a unix socket's channel does
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch never = new CountDownLatch(1);

        // when
        assertThatThrownBy(() -> calls.call("pause node-a", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return null;
        })).isInstanceOf(EngineUnavailableException.class);

        // then
        await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
    }

    @Test
    void a_call_that_fails_fails_as_it_did_and_one_that_answers_answers() {
        // given
        IllegalStateException refused = new IllegalStateException("409 Conflict");

        // then
        assertThatThrownBy(() -> calls.call("start node-a", () -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(calls.call("list containers", () -> "answer")).isEqualTo("answer");
    }

    @Test
    void a_call_with_extra_time_such_as_a_stop_grace_is_given_the_bound_and_the_extra() {
        // then
        assertThat(calls.call("stop node-a", Duration.ofMillis(700), () -> {
            Thread.sleep(500); // past the bound, within the bound and the extra
            return "stopped";
        })).isEqualTo("stopped");
    }

    @Test
    void a_caller_interrupted_while_waiting_gets_a_typed_error_and_keeps_its_interrupt() {
        // given
        Thread.currentThread().interrupt();

        // then
        try {
            assertThatThrownBy(() -> calls.call("inspect container node-a", () -> {
                Thread.sleep(10_000);
                return null;
            })).isInstanceOf(EngineUnavailableException.class)
                    .hasMessage("interrupted while waiting for 'inspect container node-a' on unix:///test.sock; the call"
                            + " was given up, which says nothing of the engine");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void the_response_timeout_comes_from_the_property_else_the_environment_else_30_seconds() {
        // given
        java.util.Map<String, String> properties = new java.util.HashMap<>();
        java.util.Map<String, String> environment = new java.util.HashMap<>();

        // then
        assertThat(EngineCalls.fromEnvironment(properties::get, environment::get)).isEqualTo(Duration.ofSeconds(30));
        environment.put("TCPSCOPE_ENGINE_RESPONSE_TIMEOUT", "5");
        assertThat(EngineCalls.fromEnvironment(properties::get, environment::get)).isEqualTo(Duration.ofSeconds(5));
        properties.put("tcpscope.engine.response-timeout", "PT0.5S");
        assertThat(EngineCalls.fromEnvironment(properties::get, environment::get)).isEqualTo(Duration.ofMillis(500));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "PT-1S", "soon", "30s", "99999999999999999999"})
    void a_response_timeout_that_is_not_a_positive_time_says_what_to_write(String text) {
        // then
        assertThatThrownBy(() -> EngineCalls.fromEnvironment(name -> null,
                name -> name.equals("TCPSCOPE_ENGINE_RESPONSE_TIMEOUT") ? text : null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TCPSCOPE_ENGINE_RESPONSE_TIMEOUT is '" + text + "', which is not a positive time;"
                        + " write seconds, such as 30, or an ISO-8601 duration, such as PT2S");
    }

    @Test
    void closed_calls_leave_no_thread_behind_and_take_no_more_calls() {
        // given: a thread that made a call, now idle for its idle time
        EngineCalls closing = new EngineCalls("unix:///closing.sock", Duration.ofSeconds(5));
        Thread[] worker = new Thread[1];
        closing.call("list containers", () -> worker[0] = Thread.currentThread());

        // when
        closing.close();

        // then: its threads end (an idle thread of an open one ends, but the pool never terminates), and a
        // later call is refused, typed
        await().atMost(Duration.ofSeconds(10)).until(closing::isTerminated);
        assertThat(worker[0].isAlive()).isFalse();
        assertThatThrownBy(() -> closing.call("list containers", () -> 1))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessage("'list containers' was not sent to the Docker engine at unix:///closing.sock: tcpscope's"
                        + " connection to it was already closed (what owned it, a cluster or an inspector, was closed first)");
    }

    @Test
    void when_every_thread_holds_a_call_that_never_returned_the_next_is_not_sent_and_says_so_at_once() {
        // given: as many calls as there are threads, each stuck as a read on TCP is: deaf to interrupts
        EngineCalls small = new EngineCalls("tcp://stalled:2375", Duration.ofMillis(200), 3);
        CountDownLatch engineAnswers = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Callable<String> stuck = () -> {
            started.incrementAndGet();
            awaitUninterruptibly(engineAnswers);
            return "late";
        };
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> small.call("inspect container node-a", stuck))
                    .hasMessageContaining("did not answer 'inspect container node-a'");
        }
        assertThat(started).hasValue(3);

        // when: a call that, were it queued for a thread, would wait two minutes
        Throwable full = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> catchThrowable(() -> small.call("list containers", Duration.ofMinutes(2), stuck)));

        // then: typed, one line, not queued, and nothing sent
        assertThat(full).isInstanceOfSatisfying(EngineUnavailableException.class,
                e -> assertThat(e.call()).contains("list containers"))
                .hasMessage("the Docker engine at tcp://stalled:2375 has 3 calls outstanding that never returned, so"
                        + " 'list containers' was not sent; check that it responds ('docker info'), or restart it");
        assertThat(started).hasValue(3);

        // and when the engine answers at last, the threads are free again
        engineAnswers.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(small.call("list containers", () -> "answer")).isEqualTo("answer"));
        small.close();
    }

    @Test
    void a_call_waits_for_a_thread_while_the_others_are_within_their_bound() throws Exception {
        // given: one thread, held by a call within its bound
        EngineCalls one = new EngineCalls("unix:///busy.sock", Duration.ofSeconds(20), 1);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> one.call("stop node-a", () -> {
            firstStarted.countDown();
            firstMayEnd.await();
            return "stopped";
        }));
        firstStarted.await();

        // when: a second call comes, and then the first ends
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> one.call("list containers", () -> "listed"));
        // the second is queued for the thread, as the engine object's own count says (refused, it would not be)
        await().atMost(Duration.ofSeconds(10)).until(() -> one.waitingForSlot() == 1);
        assertThat(second).isNotDone();
        firstMayEnd.countDown();

        // then: both answer
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("stopped");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("listed");
        one.close();
    }

    @Test
    void a_call_that_gets_no_thread_within_its_bound_says_how_many_are_under_way_and_that_none_was_given_up()
            throws Exception {
        // given: one thread, held by a call with a long extra (a stop's grace), not given up
        EngineCalls one = new EngineCalls("unix:///busy.sock", Duration.ofMillis(200), 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> stop = CompletableFuture.supplyAsync(() -> one.call("stop node-a", Duration.ofSeconds(30), () -> {
            started.countDown();
            release.await();
            return "stopped";
        }));
        started.await();

        // then
        assertThatThrownBy(() -> one.call("inspect container node-a", () -> "inspected"))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessage("the Docker engine at unix:///busy.sock has 1 calls under way, 0 of them given up by their"
                        + " callers, and no room for 'inspect container node-a' within its bound, so it was not sent;"
                        + " check that it responds ('docker info'), or give it longer with the engine's response timeout");
        release.countDown();
        assertThat(stop.get(10, TimeUnit.SECONDS)).isEqualTo("stopped");
        one.close();
    }

    @Test
    void a_caller_interrupted_while_waiting_for_a_thread_says_it_was_interrupted() throws Exception {
        // given: the one thread busy
        EngineCalls one = new EngineCalls("unix:///busy.sock", Duration.ofSeconds(20), 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> busy = CompletableFuture.supplyAsync(() -> one.call("stop node-a", () -> {
            started.countDown();
            release.await();
            return "stopped";
        }));
        started.await();
        Thread.currentThread().interrupt();

        // then
        try {
            assertThatThrownBy(() -> one.call("inspect container node-a", () -> "inspected"))
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageStartingWith("interrupted while waiting for 'inspect container node-a' on unix:///busy.sock");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        release.countDown();
        assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("stopped");
        one.close();
    }

    @Test
    void a_call_that_waited_for_a_thread_past_half_its_bound_is_not_sent() throws Exception {
        // given: one thread, held by a call within its bound (a stop's grace), until well past half the next one's bound
        EngineCalls one = new EngineCalls("unix:///busy.sock", Duration.ofSeconds(4), 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> stop = CompletableFuture.supplyAsync(() -> one.call("stop node-a", Duration.ofSeconds(30), () -> {
            started.countDown();
            release.await();
            return "stopped";
        }));
        started.await();
        CompletableFuture<Void> releaser = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> one.waitingForSlot() == 1);
            // free only 3 s after the call queued: 1 s past half its 4 s bound, 1 s before the bound is up
            sleepQuietly(Duration.ofSeconds(3));
            release.countDown();
        });

        // when: a call that takes 1 s once sent
        AtomicBoolean sent = new AtomicBoolean();
        Throwable thrown = catchThrowable(() -> one.call("inspect container node-a", () -> {
            sent.set(true);
            Thread.sleep(1000);
            return "inspected";
        }));

        // then: not sent with too little time to be answered in, and said so rather than as a stall of a call made
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class).hasMessageContaining("so it was not sent");
        assertThat(sent).as("the call was sent").isFalse();
        releaser.get(10, TimeUnit.SECONDS);
        assertThat(stop.get(10, TimeUnit.SECONDS)).isEqualTo("stopped");
        one.close();
    }

    private static void sleepQuietly(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a blocking read on a TCP socket does not end when interrupted
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
