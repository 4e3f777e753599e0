package io.tcpscope.testkit.archfixture;

import org.awaitility.Awaitility;

import java.util.function.BooleanSupplier;

/** A class that would poll on its own, beside the testkit's one poller. */
public final class PollsItself {
    public static void until(BooleanSupplier condition) {
        Awaitility.await().until(condition::getAsBoolean);
    }
}
