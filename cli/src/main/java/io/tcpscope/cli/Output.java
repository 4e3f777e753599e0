package io.tcpscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpConnection;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections as an ss-like table, or as JSON. */
final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** {@code State Recv-Q Send-Q Local Address:Port Peer Address:Port}, with Container and Peer columns when known. */
    static void table(PrintWriter out, List<Row> rows) {
        boolean containers = rows.stream().anyMatch(r -> r.container() != null);
        boolean peers = rows.stream().anyMatch(r -> r.peer() != null);
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (containers) {
            header.add("Container");
        }
        header.addAll(List.of("State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"));
        if (peers) {
            header.add("Peer");
        }
        lines.add(header.toArray(String[]::new));
        for (Row row : rows) {
            TcpConnection c = row.connection();
            List<String> line = new ArrayList<>();
            if (containers) {
                line.add(row.container() == null ? "-" : row.container());
            }
            line.addAll(List.of(c.state().ssName(), queue(c.receiveQueue()), queue(c.sendQueue()),
                    c.local().toString(), c.remote().toString()));
            if (peers) {
                line.add(row.peer() == null ? "" : row.peer());
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

    /** {@code {"connections":[{"local":{"address":..,"port":..},"remote":{..},"state":"ESTABLISHED",...}]}}. */
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
            if (row.peer() != null) {
                item.put("peer", row.peer());
            }
            putKnown(item, "receiveQueue", c.receiveQueue());
            putKnown(item, "sendQueue", c.sendQueue());
            putKnown(item, "uid", c.uid());
            putKnown(item, "inode", c.inode());
            if (!c.owners().isEmpty()) {
                item.put("owners", c.owners().stream().map(o -> Map.of("name", o.name(), "pid", o.pid())).toList());
            }
            connections.add(item);
        }
        write(out, Map.of("connections", connections));
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

    private static String queue(long value) {
        return value == TcpConnection.UNKNOWN ? "-" : Long.toString(value);
    }
}
