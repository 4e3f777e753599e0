package io.tcpscope.cli;

import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.TcpConnection;

/**
 * One line of output: a connection, the container it was read from, the peer's name if known, and
 * whose network namespace it was read in when the container shares another's ({@code null} when
 * the namespace is the container's own, or not a container's).
 */
record Row(String container, TcpConnection connection, String peer, NamespaceOwner sharedWith) {

    Row(String container, TcpConnection connection, String peer) {
        this(container, connection, peer, null);
    }
}
