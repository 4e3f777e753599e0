package io.tcpscope.core.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes an {@link EventLog}'s sentences: what failed, grouped by dialer and target. Pure. */
final class DialDiagnostics {

    private DialDiagnostics() {
    }

    static List<String> of(Collection<ConnectionEvent> events, Instant now, Duration window) {
        Instant since = now.minus(window);
        String last = "in the last " + seconds(window);
        Map<String, Map<DialOutcome, Integer>> dials = new LinkedHashMap<>();
        Map<String, Integer> resets = new LinkedHashMap<>();
        for (ConnectionEvent e : events) {
            if (e.at().isBefore(since) || e.at().isAfter(now)) {
                continue;
            }
            if (e instanceof Dial d) {
                dials.computeIfAbsent(d.from() + " dialed " + d.targetName(), k -> new EnumMap<>(DialOutcome.class))
                        .merge(d.outcome(), 1, Integer::sum);
            } else if (e instanceof LinkReset r) {
                resets.merge(name(r.sender()) + " reset " + name(r.receiver()) + "'s link", 1, Integer::sum);
            }
        }
        List<String> lines = new ArrayList<>();
        dials.forEach((who, outcomes) -> {
            if (outcomes.keySet().stream().anyMatch(DialOutcome::isFailure)) {
                lines.add(who + " " + times(outcomes.values().stream().mapToInt(Integer::intValue).sum()) + " " + last
                        + ": " + breakdown(who.substring(who.indexOf(" dialed ") + 8), outcomes));
            }
        });
        resets.forEach((who, n) -> lines.add(who + (n == 1 ? " once " : " " + n + " times ") + last));
        return List.copyOf(lines);
    }

    private static String breakdown(String target, Map<DialOutcome, Integer> outcomes) {
        List<String> parts = new ArrayList<>();
        outcomes.forEach((outcome, n) -> {
            if (outcome.isFailure()) {
                parts.add(n + " " + outcome.word() + " (" + outcome.cause(target) + ")");
            }
        });
        Integer connected = outcomes.get(DialOutcome.CONNECTED);
        if (connected != null) {
            parts.add(connected + " connected");
        }
        return String.join(", ", parts);
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String name(String node) {
        return node == null ? "an address outside the cluster" : node;
    }

    private static String seconds(Duration window) {
        long s = window.toSeconds();
        return s > 0 && window.toMillis() % 1000 == 0 ? s + " s" : window.toMillis() + " ms";
    }
}
