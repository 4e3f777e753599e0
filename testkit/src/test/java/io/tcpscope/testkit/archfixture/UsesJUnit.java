package io.tcpscope.testkit.archfixture;

import org.junit.jupiter.api.Assertions;

/** A testkit class that would tie users to JUnit. */
public final class UsesJUnit {
    public static void check(boolean ok) {
        Assertions.assertTrue(ok);
    }
}
