package io.tcpscope.cli;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Set;

/** --state and --ports, shared by the commands that list connections. */
final class Filters {

    @Option(names = "--state", split = ",", paramLabel = "STATE",
            description = "Only connections in these states, e.g. ESTABLISHED,TIME_WAIT.")
    Set<TcpState> states;

    @Option(names = "--ports", paramLabel = "PORTS",
            description = "Only connections whose local or remote port is one of these, e.g. 9000-9001 or 9000,30303.")
    PortSet ports;

    boolean keep(TcpConnection c) {
        return (states == null || states.contains(c.state())) && (ports == null || c.touchesAny(ports));
    }

    List<TcpConnection> apply(List<TcpConnection> connections) {
        return connections.stream().filter(this::keep).toList();
    }
}
