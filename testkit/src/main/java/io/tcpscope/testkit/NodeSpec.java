package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.NodeDraft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one node of a {@link Cluster} runs: the ports it listens on, the peers it dials, and any
 * environment and command of its own.
 *
 * <p>With the built-in peer image, listening and dialing are all a node does. With an image
 * of your own, {@link #listen(int...)} still names the node's P2P ports (the cluster passes them
 * as {@code $LISTEN}, and the dials as {@code $PEERS}), and {@link #command(String...)} starts it.
 *
 * <pre>{@code
 * Cluster.builder()
 *         .node("a", n -> n.listen(9000))
 *         .node("b", n -> n.listen(9000).dial("a"))
 *         .node("c", n -> n.listen(9001).dial("a").dial("b").env("LOG", "debug"));
 * }</pre>
 *
 * <p>Not thread-safe: describe the node, then hand it to the builder.
 *
 * @since 0.1.0
 */
public final class NodeSpec {

    private final String name;
    private final List<Integer> listen = new ArrayList<>();
    private final List<NodeDraft.Dial> dials = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> command = List.of();

    NodeSpec(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a node name; use letters, digits, '_', '.' and '-'");
        }
    }

    /**
     * The ports the node listens on: its P2P ports.
     *
     * @param ports one or more ports
     * @return this spec
     */
    public NodeSpec listen(int... ports) {
        for (int port : ports) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("'" + port + "' is not a port; ports are 1 to 65535");
            }
            listen.add(port);
        }
        return this;
    }

    /**
     * Dials another node on the first port it listens on.
     *
     * @param node the other node's name
     * @return this spec
     */
    public NodeSpec dial(String node) {
        dials.add(new NodeDraft.Dial(Objects.requireNonNull(node, "node must not be null"), null));
        return this;
    }

    /**
     * Dials another node on a given port.
     *
     * @param node the other node's name
     * @param port the port to dial
     * @return this spec
     */
    public NodeSpec dial(String node, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("'" + port + "' is not a port; ports are 1 to 65535");
        }
        dials.add(new NodeDraft.Dial(Objects.requireNonNull(node, "node must not be null"), port));
        return this;
    }

    /**
     * Adds an environment variable.
     *
     * @param key the name
     * @param value the value
     * @return this spec
     */
    public NodeSpec env(String key, String value) {
        env.put(Objects.requireNonNull(key, "key must not be null"), Objects.requireNonNull(value, "value must not be null"));
        return this;
    }

    /**
     * The command to run instead of the image's. On the built-in peer image it replaces the peer's
     * program, so the node runs only this (with the image's busybox tools); on an image of yours it
     * replaces the image's command and, as {@code docker run} does, is given to its entrypoint if it
     * has one.
     *
     * <pre>{@code
     * Cluster.builder().node("reader", n -> n.listen(9000).command("sh", "-c", "sleep 1000000 | nc -l -p 9000 > /dev/null"))
     * }</pre>
     *
     * @param argv the command
     * @return this spec
     */
    public NodeSpec command(String... argv) {
        this.command = List.of(argv);
        return this;
    }

    String name() {
        return name;
    }

    /** A copy of the description as it stands, for a cluster being built. */
    NodeDraft draft() {
        return new NodeDraft(name, listen, dials, env, command);
    }
}
