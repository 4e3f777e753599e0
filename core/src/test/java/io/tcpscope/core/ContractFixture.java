package io.tcpscope.core;

import java.util.List;

/**
 * Real containers in known states for {@link ConnectionInspectorContract}, and the kernel's own
 * view of their tables to compare every inspector against.
 */
public interface ContractFixture {

    /** Listens on 9000 and 8080; {@link #dialer()} has dialed both once. */
    String listener();

    /** Dialed {@link #listener()} once on 9000 and once on 8080. */
    String dialer();

    /** Listens on 9001 and has dialed {@link #bidiRight()} on 9001, which has dialed it back. */
    String bidiLeft();

    /** The other side of {@link #bidiLeft()}. */
    String bidiRight();

    /** Runs, but has no socket at all. */
    String idle();

    /** Created, started, and stopped. */
    String stopped();

    /** Running, and paused. */
    String paused();

    /** A well-formed reference that names no container. */
    String missing();

    /** Every running, unpaused container of the fixture. */
    List<String> running();

    /** The table the kernel shows for the container, read from the host's {@code /proc/<pid>/net}. */
    List<TcpConnection> kernelTable(String container);
}
