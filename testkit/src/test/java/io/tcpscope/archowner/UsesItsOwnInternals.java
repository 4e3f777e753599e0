package io.tcpscope.archowner;

import io.tcpscope.archowner.internal.Hidden;

/** A module that uses its own internal package, which is allowed. */
public final class UsesItsOwnInternals {
    public static int value() {
        return Hidden.value();
    }
}
