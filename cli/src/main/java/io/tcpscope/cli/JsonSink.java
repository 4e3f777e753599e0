package io.tcpscope.cli;

import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.testkit.TimelineRecorder;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code watch --json}: a line per event and per failed sample, each flushed at once. Thread-safe. */
final class JsonSink implements WatchSink {

    private final PrintWriter out;
    private boolean closed;

    JsonSink(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void start() {
        // a stream of events has no header: its first line is the first sample's first event
    }

    @Override
    public synchronized void sample(TimelineRecorder recorder, List<LinkEvent> events) {
        if (closed || events.isEmpty()) {
            return;
        }
        events.forEach(e -> out.println(WatchJson.event(e)));
        out.flush();
    }

    @Override
    public synchronized void failure(TimelineRecorder recorder, Instant at, RuntimeException failure) {
        if (closed) {
            return;
        }
        out.println(WatchJson.failure(at, failure));
        out.flush();
    }

    @Override
    public synchronized boolean broken() {
        return out.checkError();
    }

    @Override
    public synchronized void close() {
        closed = true;
        out.flush();
    }
}
