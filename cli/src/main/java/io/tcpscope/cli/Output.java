package io.tcpscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpTimer;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections as an ss-like table, or as JSON. */
final class Output {

    /** The columns, for the help of the commands that print a table. */
    static final String TABLE_HELP = "The table has the columns of 'ss -tan'. For a listener, Recv-Q is the connections"
            + " waiting to be accepted and Send-Q the backlog, which /proc/net/tcp does not give: a value that the"
            + " listing does not give shows as '-'. Where the listing gives the kernel's timers (/proc/net/tcp, ss -o),"
            + " a Timer column shows the timer as ss -o names it (on: retransmit, keepalive, timewait, persist:"
            + " zero-window probe; off: none) and the retransmit count, e.g. on,2 where ss -o prints timer:(on,020ms,2).";

    /** The JSON fields, for the help of the commands that print a table. */
    static final String JSON_HELP = "--json gives each connection's local, remote and state, and where the listing"
            + " gives them receiveQueue, sendQueue, uid, inode, owners, timer (NONE, RETRANSMIT, KEEPALIVE, TIME_WAIT,"
            + " ZERO_WINDOW_PROBE) and retransmits; a field the listing does not give is left out.";

    /** What --shared-namespaces adds to the output, for the help of the commands that read containers. */
    static final String SHARED_HELP = "With --shared-namespaces, a container read in a network namespace not its own"
            + " is named before the table, as in 'db: read in the host's network namespace (--network host)', and in"
            + " JSON each of its connections has \"namespace\": \"host\" or \"container:NAME\".";

    private static final ObjectMapper JSON = SafeJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /**
     * {@code State Recv-Q Send-Q Local Address:Port Peer Address:Port}, with Container, Timer and Peer
     * columns when known. A value the listing does not give is {@code -}, never a made-up 0.
     */
    static void table(PrintWriter out, List<Row> rows) {
        table(out, rows, Map.of());
    }

    /**
     * The table, after a line for each container read in a namespace not its own, such as
     * {@code db: read in the host's network namespace (--network host)}.
     *
     * @param out where to write
     * @param rows the rows
     * @param shared the containers read in a shared namespace, and whose it is, in order
     */
    static void table(PrintWriter out, List<Row> rows, Map<String, NamespaceOwner> shared) {
        shared.forEach((container, owner) -> out.println(sharedLine(container, owner)));
        boolean containers = rows.stream().anyMatch(r -> r.container() != null);
        boolean timers = rows.stream().anyMatch(r -> r.connection().timer() != TcpTimer.UNKNOWN);
        boolean peers = rows.stream().anyMatch(r -> r.peer() != null);
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (containers) {
            header.add("Container");
        }
        header.addAll(List.of("State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"));
        if (timers) {
            header.add("Timer");
        }
        if (peers) {
            header.add("Peer");
        }
        lines.add(header.toArray(String[]::new));
        for (Row row : rows) {
            TcpConnection c = row.connection();
            List<String> line = new ArrayList<>();
            if (containers) {
                line.add(row.container() == null ? "-" : Printable.line(row.container()));
            }
            line.addAll(List.of(c.state().ssName(), queue(c.receiveQueue()), queue(c.sendQueue()),
                    c.local().toString(), c.remote().toString()));
            if (timers) {
                line.add(timer(c));
            }
            if (peers) {
                line.add(row.peer() == null ? "" : Printable.line(row.peer()));
            }
            lines.add(line.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].length() + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    /**
     * {@code {"connections":[{"local":{"address":..,"port":..},"remote":{..},"state":"ESTABLISHED",...}]}}, with
     * the optional fields (queues, uid, inode, owners, timer, retransmits) only where the listing gives them.
     */
    static void json(PrintWriter out, List<Row> rows) {
        List<Map<String, Object>> connections = new ArrayList<>();
        for (Row row : rows) {
            TcpConnection c = row.connection();
            Map<String, Object> item = new LinkedHashMap<>();
            if (row.container() != null) {
                item.put("container", row.container());
            }
            item.put("local", endpoint(c.local()));
            item.put("remote", endpoint(c.remote()));
            item.put("state", c.state().name());
            if (row.sharedWith() != null) {
                item.put("namespace", row.sharedWith().toString());
            }
            if (row.peer() != null) {
                item.put("peer", row.peer());
            }
            putKnown(item, "receiveQueue", c.receiveQueue());
            putKnown(item, "sendQueue", c.sendQueue());
            putKnown(item, "uid", c.uid());
            putKnown(item, "inode", c.inode());
            if (c.timer() != TcpTimer.UNKNOWN) {
                item.put("timer", c.timer().name());
            }
            putKnown(item, "retransmits", c.retransmits());
            if (!c.owners().isEmpty()) {
                item.put("owners", c.owners().stream().map(o -> Map.of("name", o.name(), "pid", o.pid())).toList());
            }
            connections.add(item);
        }
        write(out, Map.of("connections", connections));
    }

    /**
     * {@code db: read in the host's network namespace (--network host)}, or {@code in container
     * 'web''s network namespace (--network container:web)}.
     */
    static String sharedLine(String container, NamespaceOwner owner) {
        return Printable.line(container) + ": read in " + Printable.line(owner.describe()) + " network namespace (--network "
                + Printable.line(owner.toString()) + ")";
    }

    static Map<String, Object> endpoint(Endpoint e) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("address", e.host());
        map.put("port", e.port());
        return map;
    }

    static void write(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putKnown(Map<String, Object> item, String key, long value) {
        if (value != TcpConnection.UNKNOWN) {
            item.put(key, value);
        }
    }

    /**
     * The timer as {@code ss -o} names it, and the retransmit count: {@code on,2} where ss prints
     * {@code timer:(on,020ms,2)}, without the time left; {@code off,0} when no timer runs, {@code -}
     * when the listing does not say.
     */
    static String timer(TcpConnection c) {
        String name = switch (c.timer()) {
            case NONE -> "off";
            case RETRANSMIT -> "on";
            case KEEPALIVE -> "keepalive";
            case TIME_WAIT -> "timewait";
            case ZERO_WINDOW_PROBE -> "persist";
            case UNKNOWN -> "-";
        };
        return c.retransmits() == TcpConnection.UNKNOWN ? name : name + "," + c.retransmits();
    }

    private static String queue(long value) {
        return value == TcpConnection.UNKNOWN ? "-" : Long.toString(value);
    }
}
