package io.tcpscope.cli;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.testkit.TimelineRecorder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Shows the links between containers live, like 'watch ss' for a whole cluster: each link's two"
                + " ends and their states, redrawn at every sample, with what changed since the last screen"
                + " highlighted, stalled links marked, and a line per event: a link opened, changed state or"
                + " closed, and, where the kernel's own TCP events can be read, a dial that failed and a link"
                + " reset. Ctrl-C ends it."},
        footer = {"",
            "The screen: a header (what is watched, the mode, where the events come from, the time and number of"
                + " the last sample, failed samples),"
                + " the links open now, one a line (dialer end -> listener end [dialer's state | listener's state]),"
                + " '*' marking what changed since the last screen and '!' a link stalled for a second or more (bytes"
                + " unsent while the kernel resends them or probes a closed window), then the latest events, newest"
                + " last. Links and events that do not fit are counted on screen; a line wider than the terminal"
                + " ends in '...'. The size comes from the terminal (stty size), else COLUMNS and LINES, else 80x24."
                + " To a pipe or a file it writes each screen after the last, a blank line between them, with no"
                + " cursor movement and no colour (unless --color=always). What a container says (such as its"
                + " stderr in a failure) is shown with its control characters escaped (ESC as \\e).",
            "",
            "Where the events come from: a sample sees the sockets that exist when it is read, so a refused dial,"
                + " which leaves no socket, is never in one. Run as root on the machine whose kernel runs the"
                + " containers (a local engine), watch also reads the kernel's own TCP events (tracefs), and shows"
                + " each dial that failed and each reset, at the time the kernel saw it (on the screen from the next"
                + " sample on; with --json at once):",
            "  12:00:01.438 DIAL_FAILED b -> c:9001 refused (nothing listens on c:9001)",
            "  12:00:02.100 RESET c 10.0.0.4:9000 -> a 10.0.0.2:48598 (ESTAB)",
            "A dial that connected is not shown: its link's OPENED is. The header's 'source:' line says which it"
                + " is: 'kernel events (tracefs) and samples every 500 ms', or 'samples only:' and why (such as a"
                + " remote or desktop engine, or no root), and then no failed dial or reset is shown.",
            "",
            "--json prints no screen but one JSON object per line per event, flushed at once; here on five lines:",
            "  {\"at\":\"2026-01-01T12:00:01.300Z\",\"kind\":\"OPENED\",",
            "   \"from\":\"node-2\",\"fromEnd\":{\"address\":\"10.0.0.3\",\"port\":40001},",
            "   \"to\":\"node-1\",\"toEnd\":{\"address\":\"10.0.0.2\",\"port\":9000},",
            "   \"direction\":\"DIALED\",\"before\":{\"from\":null,\"to\":null},",
            "   \"after\":{\"from\":\"ESTABLISHED\",\"to\":\"ESTABLISHED\"}}",
            "kind is OPENED, CHANGED or CLOSED; before and after are the states of the link's two ends, null where"
                + " an end is not seen. The first sample opens every link that exists. A sample that fails prints"
                + " {\"at\":...,\"error\":\"...\",\"type\":\"...\"}, and watching goes on.",
            "The first line says where the events come from; kernelEvents false means samples only, and source"
                + " says why:",
            "  {\"at\":...,\"kind\":\"SOURCE\",",
            "   \"source\":\"kernel events (tracefs) and samples every 500 ms\",",
            "   \"kernelEvents\":true}",
            "The kernel's failed dials and resets are a line each, a name null where the address is no"
                + " container's:",
            "  {\"at\":...,\"kind\":\"DIAL_FAILED\",\"from\":\"node-2\",\"fromEnd\":{...},",
            "   \"to\":\"node-3\",\"target\":{\"address\":\"10.0.0.4\",\"port\":9001},",
            "   \"reason\":\"refused\",\"synRetransmits\":0}",
            "  {\"at\":...,\"kind\":\"RESET\",\"sender\":\"node-3\",\"senderEnd\":{...},",
            "   \"receiver\":\"node-1\",\"receiverEnd\":{...},\"state\":\"ESTABLISHED\"}",
            "reason is refused, timed out, unreachable or reset; state is the receiver's when the reset came.",
            "",
            "Exit status: 0 when --count or --duration ends it, or when the reader of its output has gone (seen at"
                + " the next write); 130 after Ctrl-C, as for any interrupted command, once the terminal is given back"
                + " (cursor shown, colours reset, the last screen left in place); 1 when, at the start, a container"
                + " is missing or not running, no running container is on the network, or the engine cannot be reached.",
            "",
            "Examples:",
            "  tcpscope watch node-1 node-2 node-3",
            "  tcpscope watch --network p2p --json | jq -c 'select(.kind == \"CLOSED\")'",
            "  tcpscope watch --network p2p --json | jq -c 'select(.kind == \"DIAL_FAILED\")'",
            "  tcpscope watch node-1 node-2 --count 20 > screens.txt"})
final class WatchCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the watch to close the recorder and the engine before the JVM ends. */
    private static final Duration CLOSING = Duration.ofSeconds(10);

    @ParentCommand
    Tcpscope top;

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    NodesOption nodes;

    @Option(names = "--ports", paramLabel = "PORTS", defaultValue = "9000-9001",
            description = "The P2P ports whose connections are links (default: ${DEFAULT-VALUE}).")
    PortSet ports;

    @Mixin
    ModeOption mode;

    @Mixin
    SharedNamespacesOption sharedNamespaces;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "500ms",
            description = "The pause between the end of a sample and the start of the next, such as 100ms or 2s"
                    + " (default: ${DEFAULT-VALUE}). A connection that lives less long may not be seen.")
    Duration interval;

    @Option(names = "--json", description = "Print one JSON object per event, a line each, instead of a screen.")
    boolean json;

    /** When the screen is coloured. */
    enum ColorWhen {
        /** When stdout is a terminal and {@code NO_COLOR} is unset or empty. */
        auto,
        /** Always, even to a pipe or a file, and whatever {@code NO_COLOR} says. */
        always,
        /** Never. */
        never;

        /**
         * Whether to colour.
         *
         * @param terminal whether stdout is a terminal
         * @param noColor the value of {@code NO_COLOR}, or {@code null}
         * @return whether to add colours and attributes
         */
        boolean colors(boolean terminal, String noColor) {
            return switch (this) {
                case always -> true;
                case never -> false;
                case auto -> terminal && (noColor == null || noColor.isEmpty());
            };
        }
    }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "When to colour the screen: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: only when"
                    + " stdout is a terminal and NO_COLOR is unset). Changes are marked '*' either way.")
    ColorWhen colorWhen;

    @Option(names = "--no-color", description = "The same as --color=never.")
    boolean noColor;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N samples, read or failed.")
    Long count;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long, such as 30s or 5m.")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        WatchStop stop = new WatchStop(count == null ? 0 : count);
        WatchSink sink = json ? new JsonSink(out)
                : new ScreenSink(out, Terminal.current(), header(), color(), top.stdoutIsTerminal);
        Thread hook = new Thread(() -> {
            stop.interrupt();
            if (!stop.awaitClosed(CLOSING)) {
                sink.close(); // the terminal is given back even if the engine does not answer
            }
        }, "tcpscope-watch-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        WatchStop.Reason reason;
        try {
            try (DockerEngine engine = top.engine()) {
                engine.ping();
                nodes.requireThere(engine);
                try (Cluster cluster = nodes.cluster(engine, mode, ports, sharedNamespaces)) {
                    reason = watch(cluster, sink, stop);
                }
            } finally {
                sink.close();
                stop.closed();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running, and waits for this thread to have closed everything
            }
        }
        if (reason == WatchStop.Reason.FAILED) {
            throw new Tcpscope.InputException("watching stopped: " + stop.failure().getMessage(), stop.failure());
        }
        return reason == WatchStop.Reason.INTERRUPTED ? 130 : 0;
    }

    /**
     * Samples until the watch ends, showing each sample and each failed dial and reset the kernel's
     * events tell; the recorder is closed, and its last sample shown, on return.
     */
    private WatchStop.Reason watch(Cluster cluster, WatchSink sink, WatchStop stop) throws InterruptedException {
        Supplier<Topology> snapshots = cluster::topology;
        // The recorder calls back on its own threads, from its first sample or event on, which may come before
        // start() returns: each callback waits for the sink to have said where the events come from.
        CompletableFuture<TimelineRecorder> started = new CompletableFuture<>();
        TimelineRecorder.Builder recorder = TimelineRecorder.of(() -> {
            Instant at = Instant.now();
            try {
                return snapshots.get();
            } catch (IllegalStateException closed) {
                stop.fail(closed); // the recorder stops sampling on this one
                throw closed;
            } catch (RuntimeException failed) {
                // The recorder counts a failed sample and goes on; it has no callback for one, so it is shown here.
                if (stop.take()) {
                    sink.failure(started.join(), at, failed);
                    endIfUnread(sink, stop);
                }
                throw failed;
            }
        }).withName("tcpscope-watch").withInterval(interval).onSample((topology, events) -> {
            if (stop.take()) {
                TimelineRecorder running = started.join();
                // with the kernel's events, a dial's handshake steps are told once, by its own DIAL_FAILED line
                sink.sample(running, running.hasKernelEvents() ? LinkEvent.asSampled(events) : events);
                endIfUnread(sink, stop);
            }
        }).withKernelEventsOf(cluster).onEvent(event -> {
            // on the kernel events' thread, or the sampler's; stdout only, as the samples
            started.join();
            if (WatchSink.shows(event) && !stop.ended()) {
                sink.event(event);
                endIfUnread(sink, stop);
            }
        });
        try (TimelineRecorder running = recorder.start()) {
            try {
                sink.start(running);
            } finally {
                started.complete(running);
            }
            return stop.await(duration);
        }
    }

    private static void endIfUnread(WatchSink sink, WatchStop stop) {
        if (sink.broken()) {
            stop.outputClosed();
        }
    }

    private void validate() {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("--interval must be at least 1ms, not " + interval.toMillis() + "ms");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, not " + count);
        }
        if (duration != null && duration.toMillis() < 1) {
            throw new IllegalArgumentException("--duration must be at least 1ms, not " + duration.toMillis() + "ms");
        }
    }

    private WatchScreen.Header header() {
        return new WatchScreen.Header(nodes.describe(), mode.inspectorMode().name(), interval, ZoneId.systemDefault(),
                null, false); // where the events come from is known once the recorder has started
    }

    private boolean color() {
        return (noColor ? ColorWhen.never : colorWhen).colors(top.stdoutIsTerminal, System.getenv("NO_COLOR"));
    }
}
