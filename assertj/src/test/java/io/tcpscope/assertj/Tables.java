package io.tcpscope.assertj;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topologies made by hand, socket by socket, as a test would open them: the expected edges are
 * known by construction. Node {@code n} has the address {@code 10.0.0.n} and listens on 9000.
 */
final class Tables {

    private final Map<String, List<TcpConnection>> tables = new LinkedHashMap<>();
    private final Map<String, String> unread = new LinkedHashMap<>();
    private int nextPort = 40_000;

    static Tables nodes(String... names) {
        Tables t = new Tables();
        for (String name : names) {
            t.tables.put(name, new ArrayList<>(List.of(TcpConnection.of(Endpoint.of("0.0.0.0", 9000),
                    Endpoint.of("0.0.0.0", 0), TcpState.LISTEN))));
        }
        return t;
    }

    /** {@code from} dials {@code to} on 9000: one socket on each side, in the given state. */
    Tables dial(String from, String to, TcpState state) {
        Endpoint dialer = Endpoint.of(ip(from), nextPort++);
        Endpoint listener = Endpoint.of(ip(to), 9000);
        tables.get(from).add(TcpConnection.of(dialer, listener, state));
        if (state != TcpState.SYN_SENT) {
            tables.get(to).add(TcpConnection.of(listener, dialer, state == TcpState.ESTABLISHED ? state : TcpState.CLOSE_WAIT));
        }
        return this;
    }

    Tables dial(String from, String to) {
        return dial(from, to, TcpState.ESTABLISHED);
    }

    /** The snapshot could not read the node, for the reason given: its table shows empty, whatever it holds. */
    Tables unread(String node, String reason) {
        unread.put(node, reason);
        return this;
    }

    Topology topology() {
        List<NodeTable> nodes = new ArrayList<>();
        tables.forEach((name, conns) -> {
            Set<InetAddress> addresses = Set.of(IpAddresses.parse(ip(name)));
            nodes.add(unread.containsKey(name) ? NodeTable.unread(name, addresses, unread.get(name))
                    : new NodeTable(name, addresses, conns));
        });
        return Topology.of(nodes, PortSet.P2P_DEFAULT);
    }

    List<TcpConnection> table(String node) {
        return List.copyOf(tables.get(node));
    }

    String ip(String node) {
        return "10.0.0." + (new ArrayList<>(tables.keySet()).indexOf(node) + 1);
    }
}
