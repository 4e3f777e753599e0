package io.tcpscope.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.TcpTraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.tcpscope.core.TcpState.CLOSE;
import static io.tcpscope.core.TcpState.SYN_SENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * This side of the helper's conversation, fed a transcript captured from the real script on a real
 * kernel ({@code engine-events/transcript.txt}, see {@code capture.sh} beside it): the tokens the
 * stream sent are answered in it, in frames cut anywhere, as the engine's are.
 */
class EngineEventStreamTest {

    private static final Endpoint DIALER = Endpoint.of("127.0.0.1", 35334);
    private static final Endpoint TARGET = Endpoint.of("127.0.0.1", 9001);

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 64 * 1024})
    void the_refused_dial_is_delivered_once_the_clock_is_anchored_and_before_the_answer_that_follows_it(int cut) throws IOException {
        // given: a stream that sent the three anchoring tokens and one more
        List<List<TcpTraceEvent>> batches = new ArrayList<>();
        EngineEventStream stream = new EngineEventStream(PortSet.of(9001), batches::add);
        for (int i = 0; i < 4; i++) {
            stream.request();
        }

        // when: the helper's output comes in frames of `cut` bytes
        feed(stream, cut);

        // then: the dial's four events, in the kernel's order, and every token answered
        List<TcpTraceEvent> events = batches.stream().flatMap(List::stream).toList();
        assertThat(events).extracting(TcpTraceEvent::kind).containsExactly(TcpTraceEvent.Kind.STATE_CHANGE,
                TcpTraceEvent.Kind.RESET_RECEIVED, TcpTraceEvent.Kind.STATE_CHANGE, TcpTraceEvent.Kind.ERROR_REPORT);
        assertThat(events.get(2)).satisfies(e -> {
            assertThat(e.local()).isEqualTo(DIALER);
            assertThat(e.remote()).isEqualTo(TARGET);
            assertThat(e.oldState()).isEqualTo(SYN_SENT);
            assertThat(e.newState()).isEqualTo(CLOSE);
        });
        assertThat(events.get(3).error()).isEqualTo(TcpTraceEvent.ECONNREFUSED);
        assertThat(stream.anchored()).isTrue();
        assertThat(stream.said().removed()).isTrue();
        assertThat(stream.overruns()).isZero();
    }

    @Test
    void an_events_instant_is_the_anchor_plus_the_trace_clocks_time_since_the_anchoring_mark() throws IOException {
        // given
        List<TcpTraceEvent> events = new ArrayList<>();
        EngineEventStream stream = new EngineEventStream(PortSet.of(9001), events::addAll);
        for (int i = 0; i < 4; i++) {
            stream.request();
        }

        // when
        feed(stream, 64 * 1024);

        // then: the trace clock's own distances between the events are kept to the nanosecond
        assertThat(java.time.Duration.between(events.get(0).at(), events.get(3).at()))
                .isEqualTo(java.time.Duration.ofNanos(3270_827283_000L - 3270_827182_000L));
    }

    @Test
    void events_on_other_ports_than_the_subscriptions_are_left_out_where_the_kernel_let_them_through() throws IOException {
        // given: a subscription to 9000 only, fed the transcript of a filter that let 9001 through
        List<TcpTraceEvent> events = new ArrayList<>();
        EngineEventStream stream = new EngineEventStream(PortSet.of(9000), events::addAll);
        for (int i = 0; i < 4; i++) {
            stream.request();
        }

        // when
        feed(stream, 64 * 1024);

        // then
        assertThat(events).isEmpty();
    }

    @Test
    void a_callback_that_throws_is_counted_and_the_answers_still_come() throws IOException, InterruptedException {
        // given
        EngineEventStream stream = new EngineEventStream(PortSet.of(9001), batch -> {
            throw new IllegalStateException("the test's callback");
        });
        long last = 0;
        for (int i = 0; i < 4; i++) {
            last = stream.request();
        }

        // when
        feed(stream, 64 * 1024);

        // then
        assertThat(stream.callbackFailures()).isEqualTo(1);
        assertThat(stream.await(last, 0)).isEqualTo(EngineEventStream.Outcome.ANSWERED);
    }

    private static void feed(EngineEventStream stream, int cut) throws IOException {
        byte[] transcript;
        try (InputStream in = EngineEventStreamTest.class.getResourceAsStream("engine-events/transcript.txt")) {
            transcript = in.readAllBytes();
        }
        for (int from = 0; from < transcript.length; from += cut) {
            stream.onNext(new Frame(StreamType.STDOUT, Arrays.copyOfRange(transcript, from, Math.min(transcript.length, from + cut))));
        }
        stream.onComplete();
        assertThat(new String(transcript, StandardCharsets.US_ASCII)).contains("tcpscope-sync 4 0");
    }
}
