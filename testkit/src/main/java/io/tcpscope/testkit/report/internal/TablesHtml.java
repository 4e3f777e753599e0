package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tcpscope.testkit.report.internal.Html.attr;
import static io.tcpscope.testkit.report.internal.Html.escape;

/**
 * Each node's TCP table as an HTML table: state, Recv-Q, Send-Q, local, remote (with the peer's
 * name when the remote address is a node's), timer and retransmits, every socket of the table, in
 * its order. A node that could not be read says why.
 *
 * <p>Each node is a {@code <section class="node">} with {@code data-node} and {@code data-read};
 * each socket a {@code <tr class="row">} with {@code data-state}, whose cells have the classes
 * {@code state}, {@code recv-q}, {@code send-q}, {@code local}, {@code remote}, {@code timer} and
 * {@code retransmits}. A value the listing did not give shows as {@code ?}.
 *
 * <p>Thread-safe: stateless.
 */
public final class TablesHtml {

    private static final String HEAD = "<thead><tr><th>State</th><th>Recv-Q</th><th>Send-Q</th><th>Local</th>"
            + "<th>Remote</th><th>Timer</th><th>Retransmits</th></tr></thead>\n";

    private TablesHtml() {
    }

    /**
     * Every node's table.
     *
     * @param topology the snapshot
     * @return the sections, one per node
     */
    public static String tables(Topology topology) {
        Map<InetAddress, String> names = new HashMap<>();
        topology.tables().forEach(t -> t.addresses().forEach(a -> names.put(a, t.name())));
        StringBuilder out = new StringBuilder();
        for (NodeTable node : topology.tables()) {
            String addresses = node.addresses().stream().map(IpAddresses::toText).sorted().collect(Collectors.joining(", "));
            out.append("<section class=\"node\"").append(attr("data-node", node.name()))
                    .append(attr("data-read", Boolean.toString(node.isRead()))).append(">\n<h3>").append(escape(node.name()))
                    .append(" <span class=\"addresses\">").append(escape(addresses.isEmpty() ? "no address" : addresses))
                    .append("</span></h3>\n");
            if (!node.isRead()) {
                out.append("<p class=\"unread\">Not read: ").append(escape(node.unread()))
                        .append(". Its sockets may well exist; this mode could not see them.</p>\n");
            } else {
                out.append(table(node.connections(), names, topology.activeConnections(node.name()) + " active P2P connections"));
            }
            out.append("</section>\n");
        }
        return out.toString();
    }

    /**
     * A table that a wait on one node read last, with no topology around it.
     *
     * @param connections the table
     * @return one section
     */
    public static String lastTable(List<TcpConnection> connections) {
        return "<section class=\"node\" data-node=\"\" data-read=\"true\">\n<h3>The last table the wait read</h3>\n"
                + table(connections, Map.of(), null) + "</section>\n";
    }

    private static String table(List<TcpConnection> connections, Map<InetAddress, String> names, String caption) {
        StringBuilder out = new StringBuilder("<table class=\"sockets\">\n<caption>").append(connections.size())
                .append(connections.size() == 1 ? " socket" : " sockets").append(caption == null ? "" : ", " + escape(caption))
                .append("</caption>\n").append(HEAD).append("<tbody>\n");
        for (TcpConnection c : connections) {
            out.append("<tr class=\"row").append(c.isWaitingOnPeer() ? " waiting" : "").append('"')
                    .append(attr("data-state", c.state().name())).append(">")
                    .append(cell("state", c.state().ssName()))
                    .append(cell("recv-q", count(c.receiveQueue())))
                    .append(cell("send-q", count(c.sendQueue())))
                    .append(cell("local", c.local().toString()))
                    .append("<td class=\"remote\">").append(escape(c.remote().toString())).append(peer(c.remote(), names))
                    .append("</td>")
                    .append(cell("timer", c.timer() == TcpTimer.UNKNOWN ? "?" : c.timer().name()))
                    .append(cell("retransmits", count(c.retransmits())))
                    .append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static String peer(Endpoint remote, Map<InetAddress, String> names) {
        String name = names.get(remote.address());
        return name == null ? "" : " <span class=\"peer\">" + escape(name) + "</span>";
    }

    private static String cell(String kind, String text) {
        return "<td class=\"" + kind + "\">" + escape(text) + "</td>";
    }

    private static String count(long value) {
        return value == TcpConnection.UNKNOWN ? "?" : Long.toString(value);
    }
}
