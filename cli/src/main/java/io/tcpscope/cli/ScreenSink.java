package io.tcpscope.cli;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.testkit.TimelineRecorder;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * {@code watch}'s screen: on a terminal, redraws it in place after every sample, read or failed,
 * and gives the terminal back (cursor shown, attributes reset, the last screen left in place) on
 * close; to a pipe or a file, writes each screen after the last, a blank line between them, with no
 * cursor movement (and no colour unless asked for). The kernel's failed dials and resets are kept,
 * the latest {@value #KERNEL_EVENTS} of them, and shown on the next screen. Thread-safe: the
 * sampler's thread and the kernel events' thread take turns.
 */
final class ScreenSink implements WatchSink {

    /** The kernel's events kept for the screen: more than a terminal shows. */
    static final int KERNEL_EVENTS = 1000;

    private final PrintWriter out;
    private final Terminal terminal;
    private WatchScreen.Header header;
    private final boolean color;
    private final boolean interactive;
    private final List<LinkEvent> fresh = new ArrayList<>();
    private final Deque<ConnectionEvent> kernel = new ArrayDeque<>();
    private long kernelDropped;
    private int kernelFresh;
    private long failed;
    private String lastFailure;
    private boolean started;
    private boolean closed;

    /**
     * A screen.
     *
     * @param out where to write
     * @param terminal the terminal's size
     * @param header what is watched
     * @param color whether to add colours and attributes
     * @param interactive whether {@code out} is a terminal, where the screen is redrawn in place
     */
    ScreenSink(PrintWriter out, Terminal terminal, WatchScreen.Header header, boolean color, boolean interactive) {
        this.out = out;
        this.terminal = terminal;
        this.header = header;
        this.color = color;
        this.interactive = interactive;
    }

    @Override
    public synchronized void start(TimelineRecorder recorder) {
        if (closed) {
            return; // Ctrl-C came first, and its hook gave the terminal back: it is not taken again
        }
        header = header.withSource(recorder.source(), recorder.hasKernelEvents());
        started = true;
        if (!interactive) {
            return; // a file or a pipe gets screens of samples only
        }
        out.print(Terminal.HIDE_CURSOR + Terminal.CLEAR);
        draw(new WatchScreen.State(0, 0, null, null, null, Map.of(), List.of(), List.of(), 0, List.of(),
                WatchScreen.Kernel.NONE));
    }

    @Override
    public synchronized void sample(TimelineRecorder recorder, List<LinkEvent> events) {
        fresh.addAll(events);
        redraw(recorder);
    }

    @Override
    public synchronized void event(ConnectionEvent event) {
        if (closed) {
            return;
        }
        kernel.addLast(event);
        kernelFresh = Math.min(kernelFresh + 1, KERNEL_EVENTS);
        if (kernel.size() > KERNEL_EVENTS) {
            kernel.removeFirst();
            kernelDropped++;
        }
    }

    @Override
    public synchronized void failure(TimelineRecorder recorder, Instant at, RuntimeException failure) {
        failed++;
        lastFailure = String.valueOf(failure.getMessage());
        redraw(recorder);
    }

    private void redraw(TimelineRecorder recorder) {
        if (closed) {
            return;
        }
        List<LinkEvent> changes = List.copyOf(fresh);
        Timeline t = recorder.timeline();
        draw(new WatchScreen.State(t.samples(), failed, lastFailure, t.lastSample(), t.latest(),
                t.links(), t.stalledLinks(), recorder.hasKernelEvents() ? LinkEvent.asSampled(t.events()) : t.events(), t.droppedEvents(), changes,
                new WatchScreen.Kernel(List.copyOf(kernel), kernelDropped, kernelFresh)));
        fresh.clear();
        kernelFresh = 0;
    }

    private void draw(WatchScreen.State state) {
        Terminal.Size size = terminal.size();
        List<String> lines = WatchScreen.render(header, state, size.columns(), size.lines(), color);
        out.print(interactive ? WatchScreen.frame(lines) : String.join("\n", lines) + "\n\n");
        out.flush();
    }

    @Override
    public synchronized boolean broken() {
        return out.checkError();
    }

    @Override
    public synchronized void close() {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        if (interactive) {
            out.print(Terminal.RESTORE);
            out.println();
        }
        out.flush();
    }
}
