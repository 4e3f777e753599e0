package io.tcpscope.tck;

import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.ContainerSpec;
import io.tcpscope.docker.DockerEngine;


import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link TckFixture} of containers on a Docker-compatible engine (Docker, or Podman's service),
 * for any adapter that reads such containers. Its image is busybox, built as tcpscope's helper
 * images are (from the engine's {@link io.tcpscope.docker.HelperBase}, or offline from this
 * machine's static busybox); its containers and network carry the label
 * {@value #LABEL} and the owner label of this JVM, and are removed when the JVM exits (or by the
 * next run, if this one was killed).
 *
 * <pre>{@code
 * DockerTckFixture fixture = DockerTckFixture.shared();          // the engine of $DOCKER_HOST
 * ConnectionInspector inspector = new MyProvider().create(fixture.context());
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class DockerTckFixture implements TckFixture, AutoCloseable {

    /** The label of everything the fixture creates. */
    public static final String LABEL = "io.tcpscope.tck";

    private static final String IMAGE_NAME = "tcpscope-tck/busybox:1";
    private static final Map<String, String> ISOLATED = Map.of(
            "net.ipv4.ip_local_port_range", EPHEMERAL_PORT + " " + EPHEMERAL_PORT,
            "net.ipv6.conf.all.disable_ipv6", "0");
    private static DockerTckFixture shared;

    private final DockerEngine engine;
    private final ContainerRuntime runtime;
    private final String prefix = "tcpscope-tck-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String network;
    private final String image;

    private DockerTckFixture(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.runtime = engine.runtime();
        runtime.removeLeftovers(LABEL);
        this.image = runtime.ensureImage(IMAGE_NAME, Map.of(), List.of());
        this.network = runtime.createNetwork(prefix + "net", Map.of(LABEL, "true"));
    }

    /**
     * The fixture of the engine that {@link DockerEngine#fromEnvironment()} names, shared by every
     * test class of this JVM.
     *
     * @return the fixture
     * @throws io.tcpscope.core.EngineUnavailableException if no engine answers
     */
    public static synchronized DockerTckFixture shared() {
        if (shared == null) {
            DockerEngine engine = DockerEngine.fromEnvironment();
            engine.ping();
            DockerTckFixture fixture = new DockerTckFixture(engine);
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::close, "tcpscope-tck-cleanup"));
            shared = fixture;
        }
        return shared;
    }

    /**
     * A fixture of its own on an engine, such as a second engine of a test run; the caller closes
     * it, which removes its containers and network, and then closes the engine.
     *
     * @param engine the engine
     * @return the fixture
     */
    public static DockerTckFixture on(DockerEngine engine) {
        return new DockerTckFixture(engine);
    }

    /**
     * The engine the targets run on.
     *
     * @return the engine
     */
    public DockerEngine engine() {
        return engine;
    }

    /**
     * What an inspector provider needs to read this fixture's containers: the engine, and its
     * containers' host PIDs, as the testkit offers them.
     *
     * @return the context
     */
    public InspectionContext context() {
        return InspectionContext.builder()
                .with(DockerEngine.class, engine)
                .with(HostPidResolver.class, engine.hostPids())
                .build();
    }

    @Override
    public String startIsolated(String name, String script) {
        return start(ContainerSpec.of(image).withNetwork("none").withSysctls(ISOLATED), name, script);
    }

    @Override
    public String startOnNetwork(String name, String script) {
        return start(ContainerSpec.of(image).withNetwork(network, name), name, script);
    }

    @Override
    public String startWithoutTools(String name, String script) {
        // The engine's exec searches the container's PATH, which leads nowhere; the script has its own.
        return start(ContainerSpec.of(image).withNetwork("none").withSysctls(ISOLATED)
                .withEnv(Map.of("PATH", "/nowhere")), name, "PATH=/bin\n" + script);
    }

    @Override
    public String address(String target) {
        Set<InetAddress> addresses = runtime.inspect(target).addresses().getOrDefault(prefix + "net", Set.of());
        return addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
                .or(() -> addresses.stream().findFirst())
                .map(InetAddress::getHostAddress)
                .orElseThrow(() -> new IllegalStateException(target + " has no address on " + prefix + "net"));
    }

    @Override
    public void stop(String target) {
        runtime.stop(target, Duration.ZERO);
    }

    @Override
    public void pause(String target) {
        runtime.pause(target);
    }

    /**
     * Whether the engine can pause a container: yes, unless {@code -Dtcpscope.tck.canPause=false}
     * says that it cannot, as rootless Docker on cgroup v1 cannot ("cannot toggle freezer: cgroups not
     * configured"). Said by whoever runs the TCK, never guessed: a pause that fails where it should
     * work fails the TCK.
     */
    @Override
    public boolean canPause() {
        return !"false".equals(System.getProperty("tcpscope.tck.canPause"));
    }

    @Override
    public void remove(String target) {
        runtime.remove(target);
    }

    @Override
    public String missing() {
        return prefix + "missing";
    }

    private String start(ContainerSpec spec, String name, String script) {
        String container = prefix + name;
        runtime.create(spec.withName(container).withLabels(Map.of(LABEL, "true"))
                .withEntrypoint("/bin/sh", "-c", script));
        runtime.start(container);
        return container;
    }

    /** Removes the fixture's containers and network; the engine stays open. */
    @Override
    public void close() {
        for (ContainerInfo c : runtime.list(Map.of(LABEL, "true"), true)) {
            if (c.name().startsWith(prefix)) {
                runtime.remove(c.id());
            }
        }
        runtime.removeNetwork(network);
    }

    @Override
    public String toString() {
        return "DockerTckFixture[" + runtime.endpoint() + "]";
    }
}
