package io.tcpscope.core;

import java.util.Objects;

/**
 * The container engine could not be reached. Names the endpoint that was tried, such as
 * {@code unix:///var/run/docker.sock} or the value of {@code DOCKER_HOST}.
 *
 * @since 0.1.0
 */
public final class EngineUnavailableException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;

    /**
     * Creates the exception.
     *
     * @param endpoint the engine address that was tried
     * @param cause the transport's failure
     */
    public EngineUnavailableException(String endpoint, Throwable cause) {
        super("cannot reach the Docker engine at " + endpoint + " (" + rootMessage(cause)
                + "); start dockerd, or point DOCKER_HOST at a running engine", cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /**
     * The engine address that was tried.
     *
     * @return for example {@code unix:///var/run/docker.sock}
     */
    public String endpoint() {
        return endpoint;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
