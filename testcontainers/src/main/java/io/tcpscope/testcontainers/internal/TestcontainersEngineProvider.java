package io.tcpscope.testcontainers.internal;

import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.spi.DockerEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Makes {@link DockerEngine#fromEnvironment()}, and so {@code Cluster.builder()} and the rest of the
 * testkit, use the engine Testcontainers found, through its client: available wherever
 * Testcontainers finds an engine. Asking starts Testcontainers' reaper, as any use of Testcontainers
 * does, unless it is disabled.
 *
 * <p>Thread-safe. Found by {@link java.util.ServiceLoader}.
 */
public final class TestcontainersEngineProvider implements DockerEngineProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersEngineProvider.class);

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public TestcontainersEngineProvider() {
        // stateless
    }

    @Override
    public String name() {
        return "testcontainers";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Testcontainers finds no engine: {}", e.toString());
            return false;
        }
    }

    @Override
    public DockerEngine create() {
        return TestcontainersEngines.engine(DockerClientFactory.instance().client());
    }
}
