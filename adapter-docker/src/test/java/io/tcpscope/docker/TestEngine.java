package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;

/**
 * The Docker engine the ITs run against. With {@code CI=true} a missing engine fails the run;
 * elsewhere the Docker ITs are skipped, each aborted with a {@link NoEngineException} that says
 * how to start one, and {@link NoEngineBanner} says once at the end of the run how many were.
 */
public final class TestEngine {

    private static DockerEngine engine;
    private static String skipped;

    private TestEngine() {
    }

    /** The engine's docker-java client, for tests that set up what tcpscope then reads. */
    public static com.github.dockerjava.api.DockerClient client() {
        return require().client();
    }

    /** The owner label of what this JVM creates, to find exactly that on a shared engine. */
    public static String owner() {
        return Owner.self().label();
    }

    /** Any engine's docker-java client, for tests that drive an engine of their own. */
    public static com.github.dockerjava.api.DockerClient clientOf(DockerEngine engine) {
        return engine.client();
    }

    /**
     * Whether the engine is Podman's Docker-compatible service, for the few tests of what only
     * Docker does (Podman restarts a crashing container at once and never shows it restarting).
     */
    public static boolean isPodman() {
        var components = client().versionCmd().exec().getComponents();
        return components != null && components.stream().anyMatch(c -> String.valueOf(c.getName()).startsWith("Podman"));
    }

    /**
     * An engine's container PIDs as a remote engine's (or Docker Desktop's) look from here: each names
     * another process of this machine, PID 1, while the ids are the containers' own.
     */
    public static io.tcpscope.core.HostPidResolver pidsElsewhere(DockerEngine engine) {
        io.tcpscope.core.HostPidResolver real = engine.hostPids();
        return new io.tcpscope.core.HostPidResolver() {
            @Override
            public long hostPid(String container) {
                real.hostPid(container); // still missing, stopped or paused as the engine says
                return 1;
            }

            @Override
            public java.util.Optional<String> containerId(String container) {
                return real.containerId(container);
            }

            @Override
            public io.tcpscope.core.HostProcess hostProcess(String container) {
                return new io.tcpscope.core.HostProcess(1, real.hostProcess(container).containerId());
            }
        };
    }

    public static synchronized DockerEngine require() {
        if (skipped != null) {
            throw new NoEngineException(skipped);
        }
        if (engine == null) {
            DockerEngine candidate = DockerEngine.fromEnvironment();
            try {
                candidate.ping();
            } catch (EngineUnavailableException e) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError("CI=true, so the Docker ITs must run, but " + e.getMessage(), e);
                }
                skipped = e.getMessage();
                throw new NoEngineException(skipped);
            }
            engine = candidate;
        }
        return engine;
    }

    /**
     * The client, counting the requests whose method name {@code which} accepts: a real engine,
     * watched, for tests that check how many calls something costs.
     */
    public static com.github.dockerjava.api.DockerClient counting(com.github.dockerjava.api.DockerClient client,
            java.util.function.Predicate<String> which, java.util.concurrent.atomic.AtomicInteger count) {
        return (com.github.dockerjava.api.DockerClient) java.lang.reflect.Proxy.newProxyInstance(
                com.github.dockerjava.api.DockerClient.class.getClassLoader(),
                new Class<?>[] {com.github.dockerjava.api.DockerClient.class}, (proxy, method, args) -> {
                    if (which.test(method.getName())) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
