package io.tcpscope.testkit;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.KernelTables.Reading;
import io.tcpscope.testkit.KernelTables.Socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The soak's check of every snapshot, run by the recorder after each one ({@code onSample}): each
 * node's table, as tcpscope read it, against the kernel's, read on the host by {@link KernelTables}.
 *
 * <p>The kernel is read once per sample, right after the snapshot; that read is the "after" of
 * this snapshot and the "before" of the next one, so each snapshot lies between two reads of the
 * oracle, whose window also holds the recorder's pause before the snapshot. A table is
 * <em>wrong</em> only if both reads saw the same process with the same table and tcpscope's
 * table (each socket's ends and state) differs from it; if the two reads differ, the table changed
 * while tcpscope read it, and the check is <em>inconclusive</em>. So is a table whose only
 * difference is an extra socket in a state that a connection passes through as it opens or
 * closes (SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, CLOSING, CLOSE_WAIT, LAST_ACK, CLOSE) whose
 * two ends neither read shows at all: a dial refused at once, or a connection opened and closed
 * within the window, lives between the two reads and is seen by tcpscope alone (rare: once in
 * about 60,000 tables in this soak's first runs). Such tables are listed apart. A socket that both reads show, and
 * tcpscope not, is wrong whatever its state, and so is an extra ESTABLISHED, LISTEN or TIME_WAIT
 * socket (a TIME_WAIT lasts 60 s), or an extra socket whose ends the kernel shows in another state.
 * A table that tcpscope could not read ({@link NodeTable#isRead()} false) is counted apart.
 *
 * <p>It also keeps what the soak reports afterwards: when each sample began, every event the
 * timeline gave, and how long the snapshots and the oracle's reads took. Whatever it throws is kept
 * and fails the soak, since a recorder only logs a listener's exception (and an {@link Error} would
 * end its sampling).
 *
 * <p>Thread-safe: the recorder's one thread calls it, the driver asks how many samples it checked
 * while it runs, and the soak reads the rest after the recorder closed.
 */
final class SnapshotChecker implements BiConsumer<Topology, List<LinkEvent>> {

    private final KernelTables kernel;
    private final Map<String, String> containers;
    private final CompletableFuture<TimelineRecorder> recorder = new CompletableFuture<>();
    private final List<Instant> sampleTimes = new ArrayList<>();
    private final List<LinkEvent> events = new ArrayList<>();
    private final List<String> wrong = new ArrayList<>();
    private final List<String> passing = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final List<Double> snapshotMs = new ArrayList<>();
    private final List<Double> oracleMs = new ArrayList<>();
    private Map<String, Reading> before;
    private long checked;
    private long inconclusive;
    private long unread;

    /**
     * A checker; {@link #readKernel()} once before the recorder starts, then {@link #recording}.
     *
     * @param kernel the oracle
     * @param containers each node's container id, by node name
     */
    SnapshotChecker(KernelTables kernel, Map<String, String> containers) {
        this.kernel = kernel;
        this.containers = containers;
    }

    /** Reads the kernel's tables once before the first snapshot, as its "before". */
    synchronized void readKernel() {
        before = readAll();
    }

    /** Hands the checker its recorder, from which it learns when each sample began. */
    void recording(TimelineRecorder started) {
        recorder.complete(started);
    }

    @Override
    public synchronized void accept(Topology snapshot, List<LinkEvent> caused) {
        try {
            Instant at = recorder.get(30, TimeUnit.SECONDS).read(Timeline::lastSample);
            snapshotMs.add(Duration.between(at, Instant.now()).toNanos() / 1e6);
            long start = System.nanoTime();
            Map<String, Reading> after = readAll();
            oracleMs.add((System.nanoTime() - start) / 1e6);
            for (NodeTable table : snapshot.tables()) {
                check(at, table, before.get(table.name()), after.get(table.name()));
            }
            before = after;
            sampleTimes.add(at);
            events.addAll(caused);
        } catch (Throwable e) { // whatever it is, the soak must fail on it, not the sampler swallow it
            errors.add(e);
        }
    }

    private void check(Instant at, NodeTable table, Reading was, Reading is) {
        if (!table.isRead()) {
            unread++;
            return;
        }
        if (!was.sameAs(is)) {
            inconclusive++;
            return;
        }
        Map<Socket, Integer> read = new HashMap<>();
        for (TcpConnection c : table.connections()) {
            read.merge(Socket.of(c), 1, Integer::sum);
        }
        if (read.equals(is.sockets())) {
            checked++;
            return;
        }
        Map<Socket, Integer> missing = new LinkedHashMap<>(is.sockets());
        read.forEach((s, n) -> missing.computeIfPresent(s, (k, m) -> m - n > 0 ? m - n : null));
        Map<Socket, Integer> extra = new LinkedHashMap<>(read);
        is.sockets().forEach((s, n) -> extra.computeIfPresent(s, (k, m) -> m - n > 0 ? m - n : null));
        String seen = "snapshot of " + at + ", " + table.name() + " (pid " + is.pid() + "): missing " + missing.keySet()
                + ", extra " + extra.keySet();
        if (missing.isEmpty() && extra.keySet().stream().allMatch(s -> s.isPassing() && is.sockets().keySet().stream()
                .noneMatch(k -> k.sameEnds(s)))) {
            inconclusive++;
            passing.add(seen);
        } else {
            checked++;
            wrong.add(seen);
        }
    }

    private Map<String, Reading> readAll() {
        Map<String, Reading> all = new LinkedHashMap<>();
        containers.forEach((node, id) -> all.put(node, kernel.read(id)));
        return all;
    }

    /** {@return when each checked sample began, in order} */
    synchronized List<Instant> sampleTimes() {
        return List.copyOf(sampleTimes);
    }

    /** {@return how many samples were checked so far} */
    synchronized long samples() {
        return sampleTimes.size();
    }

    /** {@return every event the timeline gave, in order} */
    synchronized List<LinkEvent> events() {
        return List.copyOf(events);
    }

    /** {@return one line per wrong table} */
    synchronized List<String> wrong() {
        return List.copyOf(wrong);
    }

    /** {@return one line per table whose only difference was a socket briefer than the oracle's window} */
    synchronized List<String> passing() {
        return List.copyOf(passing);
    }

    /** {@return what the checker threw} */
    synchronized List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /** {@return how many tables were compared with a kernel table that held still} */
    synchronized long checked() {
        return checked;
    }

    /** {@return how many tables changed in the kernel while tcpscope read them} */
    synchronized long inconclusive() {
        return inconclusive;
    }

    /** {@return how many tables tcpscope said it could not read} */
    synchronized long unread() {
        return unread;
    }

    /** {@return how long each snapshot took, from its start to its check, in ms} */
    synchronized List<Double> snapshotMs() {
        return List.copyOf(snapshotMs);
    }

    /** {@return how long each read of the kernel's 8 tables took, in ms} */
    synchronized List<Double> oracleMs() {
        return List.copyOf(oracleMs);
    }
}
