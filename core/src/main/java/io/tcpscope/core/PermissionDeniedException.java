package io.tcpscope.core;

import java.util.Objects;

/**
 * The operating system refused to let tcpscope read what it needs, such as
 * {@code /proc/<pid>/net/tcp} under a hardened {@code /proc} ({@code hidepid}) or an LSM policy.
 * The message names the path and the privilege that would allow the read.
 *
 * @since 0.1.0
 */
public final class PermissionDeniedException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception.
     *
     * @param path what could not be read
     * @param privilege what would allow the read, for the message
     * @param cause the operating system's refusal
     */
    public PermissionDeniedException(String path, String privilege, Throwable cause) {
        super("permission denied reading " + path + "; " + privilege, cause);
        this.path = Objects.requireNonNull(path, "path must not be null");
    }

    /**
     * What could not be read.
     *
     * @return the path
     */
    public String path() {
        return path;
    }
}
