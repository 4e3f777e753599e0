package io.tcpscope.testkit.internal;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.TcpEventSource;
import io.tcpscope.docker.EngineEventSource;
import io.tcpscope.procfs.ProcfsInspector;
import io.tcpscope.procfs.TracefsEventSource;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Chooses where a cluster's kernel events come from: this machine's tracefs when this process may
 * read it and the cluster's containers run on this machine's kernel; else none, and why, so that a
 * recorder samples and says so.
 *
 * <p>Thread-safe.
 */
public final class KernelEvents {

    /**
     * The system property that chooses: {@code -Dtcpscope.events=off} turns the kernel's events off;
     * {@code engine} reads them, where the containers run on another kernel (a remote or desktop
     * engine), through a privileged helper on the engine ({@code EngineEventSource}); unset, only this
     * machine's tracefs is read.
     */
    public static final String PROPERTY = "tcpscope.events";

    private static volatile Optional<String> localUnavailable;

    private KernelEvents() {
    }

    /**
     * A feed of the cluster's kernel events, or one that says why there are none. It never fails:
     * a source that cannot start leaves the caller sampling.
     *
     * @param inspection the cluster's reads
     * @param members the cluster's nodes
     * @param listener called with each batch of dials and resets
     * @return the feed
     */
    public static EventFeed forCluster(Inspection inspection, List<Member> members,
            Consumer<List<ConnectionEvent>> listener) {
        String chosen = System.getProperty(PROPERTY, "");
        if ("off".equalsIgnoreCase(chosen)) {
            return EventFeed.none("samples only: kernel events are off (-D" + PROPERTY + "=off)");
        }
        if (members.isEmpty()) {
            return EventFeed.none("samples only: the cluster has no node yet");
        }
        // a node stopped or restarting cannot tell: up to three are asked, each an engine call
        if (members.stream().limit(3).noneMatch(m -> onThisKernel(inspection, m.container()))) {
            return "engine".equalsIgnoreCase(chosen) ? onEngine(inspection, listener)
                    : EventFeed.none("samples only: the containers run on another kernel than this process's (a remote"
                    + " or desktop engine); -D" + PROPERTY + "=engine reads its events through a privileged helper there");
        }
        Optional<String> unavailable = localUnavailable();
        if (unavailable.isPresent()) {
            return EventFeed.none("samples only: " + unavailable.get());
        }
        return open(TracefsEventSource.local(), inspection.ports(), listener);
    }

    /**
     * A feed from a given source.
     *
     * @param source the source
     * @param ports the ports to follow
     * @param listener called with each batch of dials and resets
     * @return the feed, or one that says why the source did not start
     */
    public static EventFeed open(TcpEventSource source, PortSet ports, Consumer<List<ConnectionEvent>> listener) {
        try {
            return EventFeed.open(source, ports, EventLog.DEFAULT_CAPACITY, listener);
        } catch (TcpscopeException e) {
            return EventFeed.none("samples only: " + e.getMessage());
        }
    }

    private static EventFeed onEngine(Inspection inspection, Consumer<List<ConnectionEvent>> listener) {
        Optional<String> refused = EngineEventSource.unavailable(inspection.engine());
        if (refused.isPresent()) {
            return EventFeed.none("samples only: " + refused.get());
        }
        return open(EngineEventSource.on(inspection.engine()), inspection.ports(), listener);
    }

    private static boolean onThisKernel(Inspection inspection, String container) {
        try {
            return new ProcfsInspector(inspection.engine().hostPids()).reaches(container);
        } catch (TcpscopeException e) {
            return false;
        }
    }

    private static Optional<String> localUnavailable() {
        Optional<String> known = localUnavailable;
        if (known == null) {
            known = TracefsEventSource.local().unavailable();
            localUnavailable = known;
        }
        return known;
    }
}
