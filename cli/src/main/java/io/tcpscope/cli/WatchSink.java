package io.tcpscope.cli;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.testkit.TimelineRecorder;

import java.time.Instant;
import java.util.List;

/**
 * Where {@code tcpscope watch} shows what its recorder sees: a screen, or JSON lines. Called on the
 * recorder's threads (the sampler's, and the kernel events' reader's), and closed once by whichever
 * thread ends the watch; after {@link #close()} it shows nothing more. An implementation is
 * thread-safe.
 */
interface WatchSink extends AutoCloseable {

    /**
     * Shows that watching begins, and where its events come from, before the first sample and the
     * first kernel event.
     *
     * @param recorder the recorder, started; its {@code source()} says where its events come from
     */
    void start(TimelineRecorder recorder);

    /**
     * Shows a sample that was read.
     *
     * @param recorder the recorder, whose timeline now holds the sample
     * @param events the events the sample caused
     */
    void sample(TimelineRecorder recorder, List<LinkEvent> events);

    /**
     * Shows a sample that failed.
     *
     * @param recorder the recorder, whose timeline holds the samples read before
     * @param at when the sample began
     * @param failure why it failed
     */
    void failure(TimelineRecorder recorder, Instant at, RuntimeException failure);

    /**
     * Shows a failed dial or a reset that the kernel's events told.
     *
     * @param event the event, one that {@link #shows} keeps
     */
    void event(ConnectionEvent event);

    /**
     * Whether the watch shows a kernel event: a failed dial or a reset, not a dial that connected,
     * whose link shows by the change that brought it up.
     *
     * @param event the kernel's event
     * @return whether to show it
     */
    static boolean shows(ConnectionEvent event) {
        return !(event instanceof Dial dial) || dial.outcome().isFailure();
    }

    /** {@return whether the output can no longer be written, as when the reader of a pipe has gone} */
    boolean broken();

    /** Gives the terminal or the stream back as it found it. Idempotent. */
    @Override
    void close();
}
