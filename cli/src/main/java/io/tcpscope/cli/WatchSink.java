package io.tcpscope.cli;

import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.testkit.TimelineRecorder;

import java.time.Instant;
import java.util.List;

/**
 * Where {@code tcpscope watch} shows what its recorder sees: a screen, or JSON lines. Called on the
 * recorder's thread, and closed once by whichever thread ends the watch; after {@link #close()} it
 * shows nothing more.
 */
interface WatchSink extends AutoCloseable {

    /** Shows that watching begins, before the first sample. */
    void start();

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

    /** {@return whether the output can no longer be written, as when the reader of a pipe has gone} */
    boolean broken();

    /** Gives the terminal or the stream back as it found it. Idempotent. */
    @Override
    void close();
}
