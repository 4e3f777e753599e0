package io.tcpscope.procfs;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import io.tcpscope.core.parse.TraceEventParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader of a {@code trace_pipe}, fed the golden capture's lines through a pipe that hands them
 * over in small pieces, as a real read may cut them.
 */
class TracePipeReaderTest {

    private static final long FIVE_SECONDS = Duration.ofSeconds(5).toNanos();
    private static final List<String> GOLDEN = golden();
    /** The two refused dials to 45001, five lines each: the test's oracle, read from the file's text. */
    private static final List<String> REFUSED = GOLDEN.stream().filter(l -> l.contains("port=45001 ")).toList();

    private final Pipe pipe = new Pipe();
    private final List<TcpTraceEvent> delivered = Collections.synchronizedList(new ArrayList<>());
    private TracePipeReader reader;
    private Thread thread;

    @AfterEach
    void endReader() throws InterruptedException {
        pipe.end();
        thread.join(5_000);
    }

    @Test
    void the_events_on_the_ports_are_delivered_before_the_sync_mark_releases_its_waiter() throws Exception {
        // given
        start(PortSet.of(45001), delivered::addAll);

        // when: every line, then the mark, cut into pieces of 7 bytes
        pipe.feed(String.join("\n", GOLDEN) + "\n" + mark("tcpscope-sync-1"), 7);

        // then
        assertThat(reader.await(1, FIVE_SECONDS)).isEqualTo(TracePipeReader.Outcome.SYNCED);
        assertThat(REFUSED).hasSize(10);
        assertThat(delivered).extracting(TcpTraceEvent::kind).containsExactly(
                Kind.STATE_CHANGE, Kind.RESET_RECEIVED, Kind.STATE_CHANGE, Kind.ERROR_REPORT, Kind.DESTROYED,
                Kind.STATE_CHANGE, Kind.RESET_RECEIVED, Kind.STATE_CHANGE, Kind.ERROR_REPORT, Kind.DESTROYED);
        assertThat(delivered).allMatch(e -> e.remote().port() == 45001);
        assertThat(delivered.get(0).at()).isEqualTo(Instant.EPOCH.plusNanos(195_898_472_000L));
    }

    @Test
    void a_wait_for_a_mark_that_has_not_come_times_out() throws Exception {
        // given
        start(PortSet.of(45001), delivered::addAll);
        pipe.feed(mark("tcpscope-sync-1"), 1 << 16);
        assertThat(reader.await(1, FIVE_SECONDS)).isEqualTo(TracePipeReader.Outcome.SYNCED);

        // when
        TracePipeReader.Outcome second = reader.await(2, Duration.ofMillis(50).toNanos());

        // then
        assertThat(second).isEqualTo(TracePipeReader.Outcome.TIMED_OUT);
        assertThat(reader.isReading()).isTrue();
    }

    @Test
    void a_callback_that_throws_is_counted_and_the_next_batch_is_delivered() throws Exception {
        // given: a callback that throws at its first batch
        RuntimeException boom = new IllegalStateException("boom");
        List<List<TcpTraceEvent>> calls = Collections.synchronizedList(new ArrayList<>());
        start(PortSet.of(45001), batch -> {
            calls.add(batch);
            if (calls.size() == 1) {
                throw boom;
            }
        });

        // when
        pipe.feed(String.join("\n", REFUSED.subList(0, 5)) + "\n" + mark("tcpscope-sync-1"), 1 << 16);
        TracePipeReader.Outcome first = reader.await(1, FIVE_SECONDS);
        pipe.feed(String.join("\n", REFUSED.subList(5, 10)) + "\n" + mark("tcpscope-sync-2"), 1 << 16);
        TracePipeReader.Outcome second = reader.await(2, FIVE_SECONDS);

        // then
        assertThat(first).isEqualTo(TracePipeReader.Outcome.SYNCED);
        assertThat(second).isEqualTo(TracePipeReader.Outcome.SYNCED);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).extracting(e -> e.local().port()).containsExactly(0, 36034, 36034, 36034, 36034);
        assertThat(reader.callbackFailures()).isEqualTo(1);
        assertThat(reader.lastCallbackFailure()).isSameAs(boom);
    }

    @Test
    void the_close_mark_ends_the_reader_after_delivering_what_came_before_it() throws Exception {
        // given
        start(PortSet.of(45001), delivered::addAll);

        // when
        pipe.feed(String.join("\n", REFUSED) + "\n" + mark("tcpscope-close") + String.join("\n", REFUSED) + "\n", 1 << 16);
        thread.join(5_000);

        // then
        assertThat(thread.isAlive()).isFalse();
        assertThat(reader.isReading()).isFalse();
        assertThat(reader.endedBecause()).isEqualTo("it was closed");
        assertThat(delivered).hasSize(10);
        assertThat(reader.await(1, FIVE_SECONDS)).isEqualTo(TracePipeReader.Outcome.ENDED);
    }

    @Test
    void a_pipe_that_ends_releases_its_waiters_with_the_reason() throws Exception {
        // given
        start(PortSet.of(45001), delivered::addAll);

        // when
        pipe.end();

        // then
        assertThat(reader.await(1, FIVE_SECONDS)).isEqualTo(TracePipeReader.Outcome.ENDED);
        assertThat(reader.endedBecause()).isEqualTo("its trace_pipe ended");
    }

    @Test
    void other_lines_are_skipped_and_an_unreadable_tcp_line_is_counted() throws Exception {
        // given
        start(PortSet.of(45001), delivered::addAll);
        String other = "          <idle>-0       [001] d..2.   195.898000: sched_switch: prev_comm=swapper/1 prev_pid=0";
        String broken = REFUSED.get(1).replace("sport=36028", "sport=x");
        String foreignMark = mark("someone else's mark").strip();

        // when
        pipe.feed(String.join("\n", other, broken, foreignMark, REFUSED.get(0)) + "\n" + mark("tcpscope-sync-1"), 1 << 16);

        // then
        assertThat(reader.await(1, FIVE_SECONDS)).isEqualTo(TracePipeReader.Outcome.SYNCED);
        assertThat(delivered).singleElement().extracting(TcpTraceEvent::kind).isEqualTo(Kind.STATE_CHANGE);
        assertThat(reader.unreadable()).isEqualTo(1);
    }

    private void start(PortSet ports, Consumer<List<TcpTraceEvent>> callback) {
        reader = new TracePipeReader(pipe, new TraceEventParser(Instant.EPOCH::plusNanos), ports, callback);
        thread = new Thread(reader, "test-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private static String mark(String text) {
        return "            java-8592    [000] ...1.   439.822423: tracing_mark_write: " + text + "\n";
    }

    private static List<String> golden() {
        try (InputStream in = TracePipeReaderTest.class.getResourceAsStream("/trace/tracefs-events.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pipe whose reads block until text is fed, and give at most one piece each. */
    private static final class Pipe extends InputStream {

        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int at;

        void feed(String text, int piece) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < bytes.length; i += piece) {
                pieces.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + piece)));
            }
        }

        void end() {
            pieces.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (current == END) {
                return -1;
            }
            if (at == current.length) {
                try {
                    current = pieces.take();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                at = 0;
                if (current == END) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }
}
