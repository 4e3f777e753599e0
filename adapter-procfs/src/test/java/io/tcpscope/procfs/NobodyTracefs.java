package io.tcpscope.procfs;

import io.tcpscope.core.PortSet;

/**
 * What {@link AsNobody} runs as user nobody for {@code TracefsNobodyIT}: asks the host's tracefs
 * whether it is usable, then subscribes anyway, and prints what each said, a line each:
 * {@code unavailable: <reason>} and {@code subscribe: <exception's simple name>: <message>}.
 */
public final class NobodyTracefs {

    private NobodyTracefs() {
    }

    /**
     * Asks and subscribes.
     *
     * @param args none
     */
    public static void main(String[] args) {
        TracefsEventSource tracefs = TracefsEventSource.local();
        System.out.println("unavailable: " + tracefs.unavailable().orElse("(usable)"));
        try {
            tracefs.subscribe(PortSet.of(9000), batch -> { }).close();
            System.out.println("subscribe: subscribed");
        } catch (RuntimeException e) {
            System.out.println("subscribe: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
