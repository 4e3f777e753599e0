package io.tcpscope.core;

import java.util.Objects;

/**
 * A process holding a socket, as {@code ss -p} and {@code netstat -p} show it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the process name; it may hold spaces
 * @param pid the process id in the namespace the tool ran in
 * @param fd the file descriptor, or -1 where the tool does not say
 * @since 0.1.0
 */
public record SocketOwner(String name, long pid, int fd) {

    /**
     * Validates.
     *
     * @param name the process name
     * @param pid the process id
     * @param fd the file descriptor, or -1
     * @throws NullPointerException if {@code name} is null
     */
    public SocketOwner {
        Objects.requireNonNull(name, "name must not be null");
    }
}
