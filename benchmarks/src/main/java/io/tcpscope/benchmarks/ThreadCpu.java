package io.tcpscope.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time of this JVM's threads, user and system, from its own per-thread accounting
 * ({@link ThreadMXBean}): what {@link RecorderBench} and {@link EventsBench} charge to a recorder's
 * or a subscription's threads.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** {@return the CPU time of each live thread whose name starts so, in ns, by thread id} */
    static Map<Long, Long> named(String prefix) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                long ns = THREADS.getThreadCpuTime(t.getId());
                if (ns >= 0) {
                    cpu.put(t.getId(), ns);
                }
            }
        }
        return cpu;
    }

    /** {@return the CPU time of each of these threads that still lives, in ns, by thread id} */
    static Map<Long, Long> of(Set<Long> ids) {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : ids) {
            long ns = THREADS.getThreadCpuTime(id);
            if (ns >= 0) {
                cpu.put(id, ns);
            }
        }
        return cpu;
    }

    /** {@return the CPU the threads of {@code now} used since {@code before}, in ns; a thread that started since counts whole} */
    static long since(Map<Long, Long> before, Map<Long, Long> now) {
        long used = 0;
        for (Map.Entry<Long, Long> t : now.entrySet()) {
            used += t.getValue() - before.getOrDefault(t.getKey(), 0L);
        }
        return used;
    }
}
