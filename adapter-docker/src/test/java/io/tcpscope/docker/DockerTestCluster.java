package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    private final String listener;
    private final String dialer;
    private final String bidiLeft;
    private final String bidiRight;
    private final String idle;
    private final String stopped;
    private final String paused;

    private DockerTestCluster(DockerEngine engine) {
        this.engine = engine;
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
        return "until nc -w 2 " + host + " " + port + " -e cat; do sleep 0.2; done";
    }

    public void awaitEstablished(String container, int count) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> netstatTable(container).stream().filter(c -> c.state() == TcpState.ESTABLISHED).count() == count);
    }

    /**
     * Whether the engine says an exec whose arguments include {@code argument} still runs in the
     * container: the engine's own record, not the executor's.
     */
    public boolean execRunning(String container, String argument) {
        List<String> ids = engine.client().inspectContainerCmd(container).exec().getExecIds();
        for (String id : ids == null ? List.<String>of() : ids) {
            var exec = engine.client().inspectExecCmd(id).exec();
            var process = exec.getProcessConfig();
            if (Boolean.TRUE.equals(exec.isRunning()) && process != null && process.getArguments() != null
                    && process.getArguments().contains(argument)) {
                return true;
            }
        }
        return false;
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

    /**
     * The container's table as another tool sees it: the host's static busybox runs {@code netstat -tan}
     * inside the container's network namespace (through {@code nsenter}), and this test's own few lines
     * read its columns. The oracle shares no code with tcpscope's readers and parsers, its PID
     * resolver included: the PID is the engine's ({@link #enginePid}).
     */
    public List<TcpConnection> netstatTable(String container) {
        return netstatTable(engine.client(), container);
    }

    /**
     * The table of a container of any engine whose PIDs are this machine's, as
     * {@link #netstatTable(String)} reads it, from the PID the engine gives ({@link #enginePid}),
     * which still belongs to the container once netstat has read it.
     *
     * @param client the engine's own client
     * @param container the container's name or id
     * @return its table
     */
    public static List<TcpConnection> netstatTable(DockerClient client, String container) {
        InspectContainerResponse inspected = client.inspectContainerCmd(container).exec();
        long pid = enginePid(inspected);
        List<TcpConnection> table = netstatTable(pid);
        assertOwned(pid, inspected.getId(), container); // not a PID reused while netstat ran
        return table;
    }

    /**
     * The host PID of the container's main process, as the engine reports it ({@code State.Pid}
     * of {@code docker inspect}, through docker-java, not tcpscope's resolver), checked against
     * the kernel: the process's cgroup must name the container's full id.
     *
     * @param client the engine's own client
     * @param container the container's name or id
     * @return the PID
     */
    public static long enginePid(DockerClient client, String container) {
        return enginePid(client.inspectContainerCmd(container).exec());
    }

    private static long enginePid(InspectContainerResponse inspected) {
        Long pid = inspected.getState().getPidLong();
        String name = inspected.getName();
        if (pid == null || pid <= 0) {
            throw new AssertionError("the engine gives no PID for " + name + " (" + inspected.getId() + "): it is "
                    + inspected.getState().getStatus());
        }
        assertOwned(pid, inspected.getId(), name);
        return pid;
    }

    /** The kernel's word that process {@code pid} is the container's: its cgroup path holds the full id. */
    private static void assertOwned(long pid, String id, String container) {
        String cgroup;
        try {
            cgroup = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (NoSuchFileException e) {
            throw new AssertionError("the engine's PID " + pid + " of " + container + " is not a process on this machine");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!cgroup.contains(id)) {
            throw new AssertionError("the engine's PID " + pid + " of " + container + " is not in the container's cgroup ("
                    + id + "): " + cgroup.strip());
        }
    }

    /**
     * The table of the network namespace of host process {@code hostPid}, as the host's static
     * busybox {@code netstat -tan} prints it (see {@link #netstatTable(String)}). The caller
     * answers for the PID; {@link #enginePid} gives a container's, from the engine.
     *
     * @param hostPid a process on this machine
     * @return its namespace's table
     */
    public static List<TcpConnection> netstatTable(long hostPid) {
        String out;
        try {
            Process netstat = new ProcessBuilder("nsenter", "-t", Long.toString(hostPid), "-n",
                    "/bin/busybox", "netstat", "-tan").redirectErrorStream(true).start();
            out = new String(netstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (netstat.waitFor() != 0) {
                throw new AssertionError("nsenter ... busybox netstat -tan failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        List<TcpConnection> table = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] column = line.strip().split("\\s+");
            if (column[0].startsWith("tcp")) {
                table.add(TcpConnection.of(endpoint(column[3]), endpoint(column[4]), TcpState.fromName(column[5])));
            }
        }
        return table;
    }

    /** {@code 10.0.0.2:9000}, {@code :::9000} or {@code 0.0.0.0:*}, as netstat prints an end. */
    private static Endpoint endpoint(String text) {
        int colon = text.lastIndexOf(':');
        String port = text.substring(colon + 1);
        return Endpoint.of(text.substring(0, colon), port.equals("*") ? 0 : Integer.parseInt(port));
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
