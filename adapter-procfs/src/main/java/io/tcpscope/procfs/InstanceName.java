package io.tcpscope.procfs;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the tracing instances this library makes, {@code tcpscope-<pid>-<counter>-<random>}:
 * the PID tells whose an instance is, so that a later process can remove a dead one's, and the
 * counter and the random part keep two subscriptions of one process, or of two processes that
 * reuse a PID, apart.
 */
final class InstanceName {

    /** What every name starts with. */
    static final String PREFIX = "tcpscope-";

    private static final Pattern NAME = Pattern.compile("tcpscope-(\\d{1,18})-\\d{1,18}-[0-9a-f]{1,16}");
    private static final AtomicLong COUNTER = new AtomicLong();

    private InstanceName() {
    }

    /**
     * A name no other subscription has.
     *
     * @param pid this process's PID
     * @return {@code tcpscope-<pid>-<counter>-<random>}
     */
    static String next(long pid) {
        return PREFIX + pid + "-" + COUNTER.incrementAndGet() + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    /**
     * The PID of the process that made an instance.
     *
     * @param name an instance's directory name
     * @return its PID, or empty when the name is not one this class makes
     */
    static OptionalLong pidOf(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }
}
