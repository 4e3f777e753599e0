package io.tcpscope.testkit;

import io.tcpscope.testkit.KernelTables.Socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

import static org.awaitility.Awaitility.await;

/**
 * The soak's chaos, on a thread of its own: at random (from a seed), every 0.5 to 2 s, it may put
 * a fault on a node that holds live links — pause it, kill it (stop with no grace), restart it,
 * or disconnect it from the cluster's network — and it undoes each pause, kill and disconnect
 * (unpause, start, reconnect) 1 to 10 s later. At most {@value #MAX_FAULTY} nodes are down at once,
 * so that the others keep links for the next faults. At the end it undoes every fault still on.
 *
 * <p>Before each fault it reads the node's table on the host ({@link KernelTables}) twice, a whole
 * sample of the recorder apart, and keeps the live P2P links that both reads show: a link alive
 * through a whole sample is one the recorder saw, so the fault must show on it. A link opened
 * since the last sample could not have been seen, and is not held against the timeline.
 *
 * <p>Each call to the cluster is a {@link Step}, its time taken right before and right after the
 * call. A call that fails ends the soak with that failure.
 *
 * <p>Not thread-safe: one thread runs it.
 */
final class ChaosDriver implements Callable<List<ChaosDriver.Step>> {

    /** How many nodes may be paused, stopped or disconnected at once. */
    static final int MAX_FAULTY = 3;
    private static final Duration SAMPLE_WAIT = Duration.ofSeconds(30);

    /** What the driver does to a node. */
    enum Kind {
        PAUSE, KILL, RESTART, DISCONNECT, UNPAUSE, START, RECONNECT;

        private static final Kind[] FAULTS = {PAUSE, KILL, RESTART, DISCONNECT};

        boolean isFault() {
            return ordinal() <= DISCONNECT.ordinal();
        }

        /** The call that undoes this fault; {@code null} for a restart, which undoes itself. */
        Kind repair() {
            return switch (this) {
                case PAUSE -> UNPAUSE;
                case KILL -> START;
                case DISCONNECT -> RECONNECT;
                default -> null;
            };
        }
    }

    /**
     * One call to the cluster.
     *
     * @param kind what it did
     * @param node to which node
     * @param heldAt when the kernel was read the second time, right before the call (faults only)
     * @param held the node's live P2P links that both reads showed (faults only; empty for repairs)
     * @param called right before the call
     * @param returned right after it returned
     */
    record Step(Kind kind, String node, Instant heldAt, Set<Socket> held, Instant called, Instant returned) {

        @Override
        public String toString() {
            return kind + " " + node + " at " + called + (held.isEmpty() ? "" : " holding " + held);
        }
    }

    private final Cluster cluster;
    private final Map<String, String> containers;
    private final KernelTables kernel;
    private final LongSupplier samples;
    private final Random random;
    private final Duration length;
    private final Map<String, Instant> repairAt = new LinkedHashMap<>();
    private final Map<String, Kind> faultOn = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private int withoutLinks;

    /**
     * A driver, not started.
     *
     * @param cluster the cluster
     * @param containers each node's container id, by node name
     * @param kernel the oracle
     * @param samples how many samples the recorder has taken so far
     * @param seed the seed of every random choice
     * @param length how long to inject faults
     */
    ChaosDriver(Cluster cluster, Map<String, String> containers, KernelTables kernel, LongSupplier samples, long seed,
                Duration length) {
        this.cluster = cluster;
        this.containers = containers;
        this.kernel = kernel;
        this.samples = samples;
        this.random = new Random(seed);
        this.length = length;
    }

    @Override
    public List<Step> call() throws InterruptedException {
        Instant end = Instant.now().plus(length);
        List<String> nodes = List.copyOf(containers.keySet());
        while (Instant.now().isBefore(end)) {
            Thread.sleep(500 + random.nextInt(1500));
            for (String node : List.copyOf(repairAt.keySet())) {
                if (!Instant.now().isBefore(repairAt.get(node))) {
                    repair(node);
                }
            }
            if (repairAt.size() < MAX_FAULTY) {
                List<String> up = nodes.stream().filter(n -> !repairAt.containsKey(n)).toList();
                String node = up.get(random.nextInt(up.size()));
                Kind kind = Kind.FAULTS[random.nextInt(Kind.FAULTS.length)];
                long holdMs = 1000 + random.nextInt(9000);
                inject(node, kind, Duration.ofMillis(holdMs));
            }
        }
        for (String node : List.copyOf(repairAt.keySet())) {
            repair(node);
        }
        return List.copyOf(steps);
    }

    /** {@return how many faults were not put on, since their node held no live link through a whole sample} */
    int withoutLinks() {
        return withoutLinks;
    }

    private void inject(String node, Kind kind, Duration hold) {
        String id = containers.get(node);
        Set<Socket> held = new HashSet<>(kernel.read(id).p2pLinks(cluster.p2pPorts()));
        long seen = samples.getAsLong();
        await().atMost(SAMPLE_WAIT).pollInterval(Duration.ofMillis(10)).until(() -> samples.getAsLong() >= seen + 2);
        Instant heldAt = Instant.now();
        held.retainAll(kernel.read(id).p2pLinks(cluster.p2pPorts()));
        if (held.isEmpty()) {
            withoutLinks++;
            return;
        }
        Instant called = Instant.now();
        switch (kind) {
            case PAUSE -> cluster.pause(node);
            case KILL -> cluster.stop(node);
            case RESTART -> cluster.restart(node);
            case DISCONNECT -> cluster.disconnect(node);
            default -> throw new IllegalArgumentException("not a fault: " + kind);
        }
        steps.add(new Step(kind, node, heldAt, Set.copyOf(held), called, Instant.now()));
        if (kind.repair() != null) {
            repairAt.put(node, Instant.now().plus(hold));
            faultOn.put(node, kind);
        }
    }

    private void repair(String node) {
        Kind kind = faultOn.remove(node).repair();
        repairAt.remove(node);
        Instant called = Instant.now();
        switch (kind) {
            case UNPAUSE -> cluster.unpause(node);
            case START -> cluster.start(node);
            case RECONNECT -> cluster.reconnect(node);
            default -> throw new IllegalArgumentException("not a repair: " + kind);
        }
        steps.add(new Step(kind, node, null, Set.of(), called, Instant.now()));
    }
}
