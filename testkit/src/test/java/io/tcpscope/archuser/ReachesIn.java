package io.tcpscope.archuser;

import io.tcpscope.archowner.internal.Hidden;

/** Another module that reaches into the first one's internal package. */
public final class ReachesIn {
    public static int value() {
        return Hidden.value();
    }
}
