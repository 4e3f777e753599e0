package io.tcpscope.archowner.internal;

/** A class of one module's internal package, for the architecture rules' own test. */
public final class Hidden {
    public static int value() {
        return 1;
    }
}
