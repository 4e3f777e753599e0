package io.tcpscope.core.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a composition root offers to {@link InspectorProvider}s: services looked up by type, such as
 * the Docker engine, a {@link io.tcpscope.core.HostPidResolver} or a Kubernetes client. Core knows
 * none of those types; a provider asks for the ones it needs and says so if they are missing.
 *
 * <pre>{@code
 * InspectionContext context = InspectionContext.builder()
 *         .with(HostPidResolver.class, engine.hostPids())
 *         .with(DockerEngine.class, engine)
 *         .build();
 * HostPidResolver pids = context.require(HostPidResolver.class, "procfs");
 * }</pre>
 *
 * <p>Immutable and thread-safe if the services are.
 *
 * @since 0.1.0
 */
public final class InspectionContext {

    private final Map<Class<?>, Object> services;

    private InspectionContext(Map<Class<?>, Object> services) {
        this.services = Map.copyOf(services);
    }

    /**
     * A context with no services, for providers that need none.
     *
     * @return the empty context
     */
    public static InspectionContext empty() {
        return new InspectionContext(Map.of());
    }

    /**
     * A builder of a context.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The service of a type, if the context has one.
     *
     * @param type the type it was registered under
     * @param <T> the type
     * @return the service, or empty
     */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(Objects.requireNonNull(type, "type must not be null"))));
    }

    /**
     * The service of a type, which a provider cannot work without.
     *
     * @param type the type it was registered under
     * @param provider the name of the provider that needs it, for the message
     * @param <T> the type
     * @return the service
     * @throws IllegalStateException if the context has none, naming what it has
     */
    public <T> T require(Class<T> type, String provider) {
        return find(type).orElseThrow(() -> new IllegalStateException("mode '" + provider + "' needs a "
                + type.getName() + ", and this context has " + (services.isEmpty() ? "nothing"
                : services.keySet().stream().map(Class::getName).sorted().collect(Collectors.joining(", ")))));
    }

    @Override
    public String toString() {
        return "InspectionContext" + services.keySet().stream().map(Class::getSimpleName).sorted().toList();
    }

    /**
     * Collects services by type. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final Map<Class<?>, Object> services = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Offers a service under a type; a second one of the same type replaces the first.
         *
         * @param type the type providers ask for
         * @param service the service
         * @param <T> the type
         * @return this builder
         */
        public <T> Builder with(Class<T> type, T service) {
            services.put(Objects.requireNonNull(type, "type must not be null"),
                    type.cast(Objects.requireNonNull(service, "service must not be null")));
            return this;
        }

        /**
         * The context.
         *
         * @return an immutable context of the services offered so far
         */
        public InspectionContext build() {
            return new InspectionContext(services);
        }
    }
}
