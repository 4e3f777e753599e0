package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.parse.ProcNetTcpParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Real containers on a network of their own, in known states (listening, dialing, idle, stopped, paused), shared by
 * every IT of the JVM and removed when it exits. Everything carries the {@link #LABEL} label and
 * the owner label of this JVM, so that a run that was killed leaves nothing that the next run does
 * not remove first, while the containers of another build running on the same engine are left alone.
 */
public final class DockerTestCluster {

    public static final String LABEL = "io.tcpscope.test";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static DockerTestCluster shared;

    private final DockerEngine engine;
    private final String prefix;
    private final String network;
    private final HostPidResolver pids;

    private final String listener;
    private final String dialer;
    private final String bidiLeft;
    private final String bidiRight;
    private final String idle;
    private final String stopped;
    private final String paused;

    private DockerTestCluster(DockerEngine engine) {
        this.engine = engine;
        this.pids = engine.hostPids();
        this.prefix = "tcpscope-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        engine.runtime().removeLeftovers(LABEL);
        TestImages.build(engine);
        this.network = engine.runtime().createNetwork(prefix + "net", labels());

        listener = run("listener", "nc -ll -p 9000 -e cat & nc -ll -p 8080 -e cat & wait");
        dialer = run("dialer", dialLoop(listener, 9000) + " & " + dialLoop(listener, 8080) + " & wait");
        bidiLeft = prefix + "left";
        bidiRight = prefix + "right";
        run("left", "nc -ll -p 9001 -e cat & " + dialLoop(bidiRight, 9001) + " & wait");
        run("right", "nc -ll -p 9001 -e cat & " + dialLoop(bidiLeft, 9001) + " & wait");
        // No network at all: on a user network, Docker's DNS resolver adds a listener to every container.
        idle = start("idle", TestImages.BUSYBOX, null, List.of("sleep", "100000"), "none");
        stopped = run("stopped", "exec sleep 100000");
        engine.client().stopContainerCmd(stopped).withTimeout(0).exec();
        paused = run("paused", "exec sleep 100000");
        engine.client().pauseContainerCmd(paused).exec();

        for (String node : List.of(listener, dialer, bidiLeft, bidiRight)) {
            awaitEstablished(node, 2);
        }
    }

    public static synchronized DockerTestCluster shared() {
        if (shared == null) {
            DockerTestCluster cluster = new DockerTestCluster(TestEngine.require());
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::remove, "tcpscope-it-cleanup"));
            shared = cluster;
        }
        return shared;
    }

    public DockerEngine engine() {
        return engine;
    }

    /** Starts a container of the given image on the cluster's network, with stdin held open. */
    public String start(String name, String image, List<String> entrypoint, List<String> cmd) {
        return start(name, image, entrypoint, cmd, network);
    }

    /** Starts a container on the given network (or {@code none}), with stdin held open. */
    public String start(String name, String image, List<String> entrypoint, List<String> cmd, String networkMode) {
        DockerClient client = engine.client();
        var create = client.createContainerCmd(image).withName(prefix + name)
                .withStdinOpen(true)
                .withLabels(labels())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(networkMode));
        if (entrypoint != null) {
            create.withEntrypoint(entrypoint);
        }
        String id = create.withCmd(cmd).exec().getId();
        client.startContainerCmd(id).exec();
        return prefix + name;
    }

    /** Starts a busybox container running {@code script} under sh. */
    public String run(String name, String script) {
        return start(name, TestImages.BUSYBOX, null, List.of("sh", "-c", script));
    }

    /** Starts a busybox container running {@code script} under sh, on the given network. */
    public String runOn(String networkMode, String name, String script) {
        return start(name, TestImages.BUSYBOX, null, List.of("sh", "-c", script), networkMode);
    }

    /** The name of a container of this cluster, for containers a test adds. */
    public String name(String name) {
        return prefix + name;
    }

    /** A shell loop that dials until a connection is made; nc then becomes cat and holds it open. */
    public static String dialLoop(String host, int port) {
        return "until nc " + host + " " + port + " -e cat; do sleep 0.2; done";
    }

    public void awaitEstablished(String container, int count) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> kernelTable(container).stream().filter(c -> c.state() == TcpState.ESTABLISHED).count() == count);
    }

    public void removeContainer(String container) {
        engine.client().removeContainerCmd(container).withForce(true).exec();
    }

    public String listener() {
        return listener;
    }

    public String dialer() {
        return dialer;
    }

    public String bidiLeft() {
        return bidiLeft;
    }

    public String bidiRight() {
        return bidiRight;
    }

    public String idle() {
        return idle;
    }

    public String stopped() {
        return stopped;
    }

    public String paused() {
        return paused;
    }

    public String missing() {
        return prefix + "missing";
    }

    public List<String> running() {
        return List.of(listener, dialer, bidiLeft, bidiRight, idle);
    }

    public List<TcpConnection> kernelTable(String container) {
        Path net = Path.of("/proc", Long.toString(pids.hostPid(container)), "net");
        List<TcpConnection> table = new ArrayList<>();
        for (String file : List.of("tcp", "tcp6")) {
            try {
                table.addAll(new ProcNetTcpParser().parse(ByteBuffer.wrap(Files.readAllBytes(net.resolve(file)))));
            } catch (NoSuchFileException e) {
                // IPv6 disabled in the namespace
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return table;
    }

    private void remove() {
        DockerClient client = engine.client();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "true")).exec()) {
            if (c.getNames().length > 0 && c.getNames()[0].startsWith("/" + prefix)) {
                client.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        client.removeNetworkCmd(network).exec();
    }

    /** The fixture's label, and this JVM as the owner, as every container tcpscope creates carries. */
    public static Map<String, String> labels() {
        return Map.of(LABEL, "true", ContainerRuntime.OWNER_LABEL, Owner.self().label());
    }
}
