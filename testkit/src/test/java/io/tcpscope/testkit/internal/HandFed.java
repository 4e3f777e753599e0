package io.tcpscope.testkit.internal;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpEventSource;
import io.tcpscope.core.events.TcpTraceEvent;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A source of the kernel's events that delivers what a test hands it, on the test's thread, with
 * the overruns the test sets and open until closed: for what the real sources cannot do on demand.
 */
final class HandFed implements TcpEventSource {
    Consumer<List<TcpTraceEvent>> batches;
    volatile long overruns;
    volatile boolean open = true;

    @Override
    public String name() {
        return "by hand";
    }

    @Override
    public EventSubscription subscribe(PortSet ports, Consumer<List<TcpTraceEvent>> batches) {
        this.batches = batches;
        return new EventSubscription() {
            @Override
            public void sync(Duration timeout) {
            }

            @Override
            public long overruns() {
                return overruns;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }
}
