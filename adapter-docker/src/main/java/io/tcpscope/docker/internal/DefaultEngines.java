package io.tcpscope.docker.internal;

import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.spi.DockerEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Picks the engine of {@link DockerEngine#fromEnvironment()}: the highest-priority
 * {@link DockerEngineProvider} on the class path that is available.
 *
 * <p>Thread-safe: stateless.
 */
public final class DefaultEngines {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultEngines.class);

    private DefaultEngines() {
    }

    /**
     * The providers on the class path, the highest priority first.
     *
     * @return the providers
     */
    public static List<DockerEngineProvider> installed() {
        List<DockerEngineProvider> providers = new ArrayList<>();
        Iterator<DockerEngineProvider> found = ServiceLoader.load(DockerEngineProvider.class,
                DefaultEngines.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                providers.add(found.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // a provider whose library is missing from the class path is not available; the
                // iterator goes on to the next
                LOG.debug("a Docker engine provider cannot be loaded: {}", e.toString());
            }
        }
        providers.sort(Comparator.comparingInt(DockerEngineProvider::priority).reversed()
                .thenComparing(DockerEngineProvider::name));
        return List.copyOf(providers);
    }

    /**
     * The engine of the first available provider.
     *
     * @return the engine
     * @throws IllegalStateException if none is available
     */
    public static DockerEngine create() {
        List<DockerEngineProvider> providers = installed();
        for (DockerEngineProvider provider : providers) {
            if (provider.isAvailable()) {
                LOG.debug("the Docker engine comes from provider '{}'", provider.name());
                return provider.create();
            }
        }
        throw new IllegalStateException("no Docker engine provider is available (of "
                + providers.stream().map(DockerEngineProvider::name).toList() + "): tcpscope connects to DOCKER_HOST"
                + " with docker-java-core, which is not on the class path; add it (tcpscope-adapter-docker brings it"
                + " unless excluded), or depend on tcpscope-testcontainers to use Testcontainers' engine");
    }
}
