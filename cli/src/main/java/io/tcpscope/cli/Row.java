package io.tcpscope.cli;

import io.tcpscope.core.TcpConnection;

/** One line of output: a connection, the container it was read from, and the peer's name if known. */
record Row(String container, TcpConnection connection, String peer) {
}
