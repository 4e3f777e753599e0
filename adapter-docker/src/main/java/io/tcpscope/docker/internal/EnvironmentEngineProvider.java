package io.tcpscope.docker.internal;

import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.spi.DockerEngineProvider;

/**
 * The engine at {@code DOCKER_HOST}, or at the default socket, through a client tcpscope makes with
 * docker-java-core; available wherever docker-java-core is on the class path.
 *
 * <p>Stateless and thread-safe. Found by {@link java.util.ServiceLoader}.
 */
public final class EnvironmentEngineProvider implements DockerEngineProvider {

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public EnvironmentEngineProvider() {
        // stateless
    }

    @Override
    public String name() {
        return "environment";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return DefaultClient.isAvailable();
    }

    @Override
    public DockerEngine create() {
        return DockerEngine.builder().build();
    }
}
