package io.tcpscope.cli;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.testkit.TimelineRecorder;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * {@code watch --json}: a first line that says where the events come from, then a line per event (a
 * link's, or a failed dial's or a reset's from the kernel) and per failed sample, each flushed at
 * once. Thread-safe: the sampler's thread and the kernel events' thread write whole lines, one at a
 * time.
 */
final class JsonSink implements WatchSink {

    private final PrintWriter out;
    private boolean closed;

    JsonSink(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void start(TimelineRecorder recorder) {
        if (closed) {
            return;
        }
        out.println(WatchJson.source(Instant.now(), recorder.source(), recorder.hasKernelEvents()));
        out.flush();
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
    public synchronized void event(ConnectionEvent event) {
        if (closed) {
            return;
        }
        out.println(WatchJson.kernelEvent(event));
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
