package io.tcpscope.tck.internal;

import io.tcpscope.tck.TckFixture;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.WeakHashMap;

/**
 * The TCK's targets in one fixture, started once however many test classes share the fixture.
 *
 * @param solo {@link Workloads#solo()}, isolated
 * @param states {@link Workloads#states()}, isolated
 * @param big {@link Workloads#big()}, isolated
 * @param idle {@link Workloads#idle()}, isolated
 * @param listener {@link Workloads#listener()}, on the network
 * @param dialer {@link Workloads#dialer(String)}, on the network
 * @param left one side of {@link Workloads#bidi(String)}, on the network
 * @param right the other side
 * @param bare {@link Workloads#bare()}, without tools
 * @param stopped an idle target, stopped
 * @param paused an idle target, paused; {@code null} if the fixture cannot pause
 * @param removed an idle target, removed
 * @param toFreeze {@link Workloads#solo()}, isolated, running until {@link #frozen} pauses it;
 *     {@code null} if the fixture cannot pause
 */
public record Targets(String solo, String states, String big, String idle, String listener, String dialer,
                      String left, String right, String bare, String stopped, String paused, String removed,
                      String toFreeze) {

    private static final Map<TckFixture, Targets> STARTED = new WeakHashMap<>();
    private static final Set<String> FROZEN = new HashSet<>();

    /**
     * The target that runs {@link Workloads#solo()}, paused once its sockets are there: the first
     * caller waits for them (its check throws if they do not come) and pauses it; later callers find
     * it paused.
     *
     * @param fixture the fixture these targets are of
     * @param untilReady waits until the running target's table is all of {@link Workloads#soloSockets()}
     * @return the paused target
     * @throws IllegalStateException if the fixture cannot pause
     */
    public String frozen(TckFixture fixture, Consumer<String> untilReady) {
        if (toFreeze == null) {
            throw new IllegalStateException("the fixture cannot pause a target");
        }
        synchronized (FROZEN) {
            if (!FROZEN.contains(toFreeze)) {
                untilReady.accept(toFreeze);
                fixture.pause(toFreeze);
                FROZEN.add(toFreeze);
            }
        }
        return toFreeze;
    }

    /**
     * The targets of a fixture, started on first use.
     *
     * @param fixture the fixture
     * @return its targets
     */
    public static synchronized Targets in(TckFixture fixture) {
        return STARTED.computeIfAbsent(fixture, Targets::start);
    }

    private static Targets start(TckFixture f) {
        String stopped = f.startIsolated("stopped", Workloads.idle());
        f.stop(stopped);
        String paused = null;
        String toFreeze = null;
        if (f.canPause()) {
            paused = f.startIsolated("paused", Workloads.idle());
            f.pause(paused);
            toFreeze = f.startIsolated("frozen", Workloads.solo());
        }
        String removed = f.startIsolated("removed", Workloads.idle());
        f.remove(removed);
        return new Targets(
                f.startIsolated("solo", Workloads.solo()),
                f.startIsolated("states", Workloads.states()),
                f.startIsolated("big", Workloads.big()),
                f.startIsolated("idle", Workloads.idle()),
                f.startOnNetwork("listener", Workloads.listener()),
                f.startOnNetwork("dialer", Workloads.dialer("listener")),
                f.startOnNetwork("left", Workloads.bidi("right")),
                f.startOnNetwork("right", Workloads.bidi("left")),
                f.startWithoutTools("bare", Workloads.bare()),
                stopped, paused, removed, toFreeze);
    }
}
