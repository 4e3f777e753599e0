package io.tcpscope.core;

import java.util.Objects;

/**
 * The container engine answered, but refused a request for a reason that is not the state of the
 * container being inspected: an image that is not there, a name already taken, a network that
 * does not exist, a policy that forbids a setting. Names the engine, the request and the engine's
 * own words, for example {@code the Docker engine at unix:///var/run/docker.sock refused to create
 * container 'node-2': Conflict. The container name "/node-2" is already in use (HTTP 409)}.
 *
 * <pre>{@code
 * try {
 *     runtime.create(spec);
 * } catch (EngineRefusedException e) {
 *     log.warn("{} answered {}: {}", e.endpoint(), e.statusCode(), e.engineMessage());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class EngineRefusedException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String request;
    private final Integer statusCode;
    private final String engineMessage;

    /**
     * Creates the exception.
     *
     * @param endpoint the engine's address, as messages name it
     * @param request what was asked, in words, such as {@code create container 'node-2'}
     * @param statusCode the engine's HTTP status, or {@code null} if it gave none
     * @param engineMessage what the engine said
     * @param cause the client's exception, kept for its stack trace
     */
    public EngineRefusedException(String endpoint, String request, Integer statusCode, String engineMessage,
                                  Throwable cause) {
        super("the Docker engine at " + endpoint + " refused to " + request + ": " + clean(engineMessage)
                + (statusCode == null ? "" : " (HTTP " + statusCode + ")"), cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.request = Objects.requireNonNull(request, "request must not be null");
        this.statusCode = statusCode;
        this.engineMessage = clean(engineMessage);
    }

    /**
     * The engine's address.
     *
     * @return for example {@code unix:///var/run/docker.sock}
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * What was asked of the engine.
     *
     * @return for example {@code create container 'node-2'}
     */
    public String request() {
        return request;
    }

    /**
     * The engine's HTTP status.
     *
     * @return for example 404 or 409, or {@code null} if the engine gave none
     */
    public Integer statusCode() {
        return statusCode;
    }

    /**
     * What the engine said, on one line.
     *
     * @return the engine's message, such as {@code No such image: peer:9}
     */
    public String engineMessage() {
        return engineMessage;
    }

    /** docker-java wraps the engine's JSON as {@code Status 404: {"message":"..."}}; keep the words. */
    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String text = message.strip();
        int key = text.indexOf("\"message\":\"");
        if (key >= 0) {
            StringBuilder words = new StringBuilder();
            for (int i = key + "\"message\":\"".length(); i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i + 1 < text.length()) {
                    c = text.charAt(++i);
                }
                words.append(c);
            }
            text = words.toString();
        }
        return text.replace('\n', ' ').strip();
    }
}
