package io.tcpscope.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A test fixture that stands in front of a Docker engine's unix socket and relays its bytes, but
 * for the calls a fault is set on: those it stalls (holds without an answer until the fault is
 * cleared, then cuts), delays, cuts (closes the connection unanswered) or corrupts (answers bytes
 * that are not HTTP). A call is matched by its request line, method and path, such as
 * {@code GET /v1.41/containers/3f2a/json}; so that every call opens a request line, each request is
 * sent to the engine with {@code Connection: close} (an upgraded one, attach or exec start, keeps
 * its connection anyway). Point a {@link DockerEngine} at {@link #host()}.
 *
 * <pre>{@code
 * try (EngineFaultProxy proxy = EngineFaultProxy.start()) {   // in front of DOCKER_HOST's socket
 *     DockerEngine engine = DockerEngine.builder().host(proxy.host()).responseTimeout(Duration.ofSeconds(2)).build();
 *     proxy.fault("GET", "/containers/[^/]+/json$", EngineFaultProxy.Fault.STALL);
 *     ...
 *     proxy.clear();
 * }
 * }</pre>
 *
 * <p>Its threads are named {@value #THREAD_PREFIX}…; they end when {@link #close()} is called, and
 * each connection's when the connection ends. Thread-safe.
 */
public final class EngineFaultProxy implements AutoCloseable {

    /** The name of every thread of the proxy starts with this. */
    public static final String THREAD_PREFIX = "engine-fault-proxy-";

    /** What to do to a matching call. */
    public enum Fault {
        /** Holds the request and never answers, until {@link #clear()}, which cuts it. */
        STALL,
        /** Forwards the request after {@link EngineFaultProxy#delay(Duration)}. */
        DELAY,
        /** Closes the connection without an answer. */
        CUT,
        /** Answers bytes that are not HTTP, then closes. */
        CORRUPT
    }

    private static final byte[] GARBAGE = "\u0000\u0017garbage{\"Id\":\"3f2a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private record Rule(String method, Pattern path, Fault fault, byte[] refusal) {
    }

    private final Path upstream;
    private final Path socket;
    private final ServerSocketChannel server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> held = ConcurrentHashMap.newKeySet();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger faulted = new AtomicInteger();
    private volatile Duration delay = Duration.ofSeconds(1);

    private EngineFaultProxy(Path upstream, Path socket, ServerSocketChannel server) {
        this.upstream = upstream;
        this.socket = socket;
        this.server = server;
    }

    /**
     * Starts a proxy in front of the engine the environment names, {@link #engineSocket()}: Docker's
     * default socket, or Podman's where {@code DOCKER_HOST} says so.
     *
     * @return the running proxy
     * @throws IOException if its socket cannot be made
     * @throws IllegalStateException if {@code DOCKER_HOST} names no unix socket
     */
    public static EngineFaultProxy start() throws IOException {
        return start(engineSocket());
    }

    /**
     * The engine's unix socket as the environment names it: {@code DOCKER_HOST} when it is set
     * ({@code unix:///run/podman/podman.sock}), else {@code /var/run/docker.sock}.
     *
     * @return the socket's path
     * @throws IllegalStateException if {@code DOCKER_HOST} names no unix socket, such as {@code tcp://...}
     */
    public static Path engineSocket() {
        return engineSocket(System.getenv("DOCKER_HOST"));
    }

    /**
     * The unix socket a Docker host names.
     *
     * @param dockerHost a Docker host such as {@code unix:///var/run/docker.sock}; {@code null} or blank for the default
     * @return the socket's path
     * @throws IllegalStateException if it names no unix socket
     */
    public static Path engineSocket(String dockerHost) {
        if (dockerHost == null || dockerHost.isBlank()) {
            return Path.of("/var/run/docker.sock");
        }
        String host = dockerHost.strip();
        if (!host.startsWith("unix:///")) {
            throw new IllegalStateException("the fault proxy stands in front of a unix socket, and DOCKER_HOST is '"
                    + host + "'; set it to unix:///path/to/engine.sock, or unset it for /var/run/docker.sock");
        }
        return Path.of(host.substring("unix://".length()));
    }

    /**
     * Starts a proxy on a socket of its own, in a fresh temporary folder.
     *
     * @param upstream the engine's socket, such as {@code /var/run/docker.sock}
     * @return the running proxy
     */
    public static EngineFaultProxy start(Path upstream) throws IOException {
        Path socket = Files.createTempDirectory("engine-fault-proxy").resolve("docker.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        EngineFaultProxy proxy = new EngineFaultProxy(upstream, socket, server);
        thread("accept", proxy::accept);
        return proxy;
    }

    /** The address to give a {@link DockerEngine}: {@code unix:///tmp/.../docker.sock}. */
    public String host() {
        return "unix://" + socket;
    }

    /** Applies a fault to every call whose method is {@code method} and in whose path {@code pathRegex} is found. */
    public void fault(String method, String pathRegex, Fault fault) {
        rules.add(new Rule(Objects.requireNonNull(method), Pattern.compile(pathRegex), Objects.requireNonNull(fault), null));
    }

    /**
     * Answers every call whose method is {@code method} and in whose path {@code pathRegex} is found
     * as an engine that refuses it does: the status and a JSON body with the message, such as
     * dockerd's {@code 400} for a privileged container under user-namespace remapping.
     */
    public void refuse(String method, String pathRegex, int status, String message) {
        String body = "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
        String answer = "HTTP/1.1 " + status + " Refused\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        rules.add(new Rule(Objects.requireNonNull(method), Pattern.compile(pathRegex), null,
                answer.getBytes(StandardCharsets.UTF_8)));
    }

    /** The delay of {@link Fault#DELAY}: one second unless set. */
    public void delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay);
    }

    /** Removes every fault and cuts the requests held so far. */
    public void clear() {
        rules.clear();
        for (SocketChannel channel : held) {
            closeQuietly(channel);
        }
        held.clear();
    }

    /** How many requests are being held now. */
    public int held() {
        return held.size();
    }

    /** How many calls a fault has been applied to since the proxy started. */
    public int faulted() {
        return faulted.get();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                open.add(client);
                thread("conn", () -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel client) {
        try {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            int end;
            while ((end = headEnd(in)) < 0) {
                if (!in.hasRemaining() || client.read(in) < 0) {
                    closeQuietly(client);
                    return;
                }
            }
            String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
            String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
            Rule rule = line.length < 2 ? null : rules.stream()
                    .filter(r -> r.method().equals(line[0]) && r.path().matcher(line[1]).find())
                    .findFirst().orElse(null);
            if (rule != null && rule.refusal() != null) {
                faulted.incrementAndGet();
                client.write(ByteBuffer.wrap(rule.refusal()));
                closeQuietly(client);
                return;
            }
            Fault fault = rule == null ? null : rule.fault();
            if (fault != null) {
                faulted.incrementAndGet();
                switch (fault) {
                    case STALL -> {
                        held.add(client);
                        return;
                    }
                    case CUT -> {
                        closeQuietly(client);
                        return;
                    }
                    case CORRUPT -> {
                        client.write(ByteBuffer.wrap(GARBAGE));
                        closeQuietly(client);
                        return;
                    }
                    case DELAY -> Thread.sleep(delay.toMillis());
                }
            }
            relay(client, head, ByteBuffer.wrap(in.array(), end, in.position() - end));
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void relay(SocketChannel client, String head, ByteBuffer rest) throws IOException {
        SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
        open.add(engine);
        engine.write(ByteBuffer.wrap(closing(head).getBytes(StandardCharsets.ISO_8859_1)));
        engine.write(rest);
        thread("answer", () -> pump(engine, client));
        pump(client, engine);
    }

    /** The head with {@code Connection: close}, unless the request upgrades its connection. */
    private static String closing(String head) {
        if (head.toLowerCase().contains("\r\nupgrade:")) {
            return head;
        }
        String kept = head.replaceAll("(?i)\r\nconnection:[^\r]*", "");
        return kept.substring(0, kept.length() - 4) + "\r\nConnection: close\r\n\r\n";
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // one side went away: end both
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void thread(String what, Runnable body) {
        Thread thread = new Thread(body, THREAD_PREFIX + what + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops listening and cuts every connection, held or relayed. */
    @Override
    public void close() throws IOException {
        clear();
        server.close();
        open.forEach(this::closeQuietly);
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }
}
