package io.tcpscope.docker.spi;

import io.tcpscope.docker.DockerEngine;

/**
 * Where {@link DockerEngine#fromEnvironment()} gets its engine from, contributed by a module on the
 * class path through {@link java.util.ServiceLoader}: the highest-priority provider that
 * {@linkplain #isAvailable() is available} makes it. tcpscope's own, {@code environment}
 * (priority 0), connects to {@code DOCKER_HOST} with docker-java-core; {@code tcpscope-testcontainers}
 * adds {@code testcontainers} (priority 100), which takes the engine Testcontainers found, with its
 * client, its image name substitution and its session labels.
 *
 * <pre>{@code
 * public final class MyEngineProvider implements DockerEngineProvider {
 *     public String name() { return "my-ci"; }
 *     public int priority() { return 200; }
 *     public boolean isAvailable() { return System.getenv("MY_CI_ENGINE") != null; }
 *     public DockerEngine create() { return DockerEngine.at(System.getenv("MY_CI_ENGINE")); }
 * }
 * // and META-INF/services/io.tcpscope.docker.spi.DockerEngineProvider names the class
 * }</pre>
 *
 * <p>Implementations are thread-safe and have a public no-argument constructor.
 *
 * @since 0.1.0
 */
public interface DockerEngineProvider {

    /**
     * The provider's name, for messages and logs.
     *
     * @return for example {@code testcontainers}
     */
    String name();

    /**
     * Which provider is asked first: the highest priority that is available makes the engine.
     *
     * @return the priority; tcpscope's own is 0
     */
    int priority();

    /**
     * Whether this provider can make an engine here: its library is on the class path and, where it
     * knows how to tell, an engine is there. Never throws.
     *
     * @return {@code true} if {@link #create()} may be called
     */
    boolean isAvailable();

    /**
     * Makes the engine.
     *
     * @return an engine, which the caller closes
     */
    DockerEngine create();
}
