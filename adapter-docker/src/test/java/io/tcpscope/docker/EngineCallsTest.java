package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
            })).isInstanceOf(EngineUnavailableException.class);
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
                .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("unix:///closing.sock");
    }
}
