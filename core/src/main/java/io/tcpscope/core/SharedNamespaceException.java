package io.tcpscope.core;

import java.util.Objects;

/**
 * The container has no network namespace of its own: it shares the host's ({@code --network host})
 * or another container's ({@code --network container:X}), so any table read in it is the owner's,
 * not the container's. Thrown by default, so that a wait never passes on somebody else's sockets.
 * The message says whose namespace it is and both ways out, for example {@code container 'node-a'
 * (3f2a1b2c3d4e) shares the host's network namespace (--network host), so its table would be the
 * host's; give it a network of its own, or opt in to reading shared namespaces}.
 *
 * <pre>{@code
 * try {
 *     inspector.connections("node-a");
 * } catch (SharedNamespaceException e) {
 *     e.owner().isHost();   // true for --network host
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public final class SharedNamespaceException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String container;
    private final transient NamespaceOwner owner;

    /**
     * Creates the exception.
     *
     * @param container the container as the caller named it, described as
     *                  {@link ContainerUnavailableException#describe(String, String, String)} would
     * @param owner whose namespace it shares
     * @param optIn how to read it anyway, for the message: a flag such as {@code --shared-namespaces},
     *              or a method such as {@code withSharedNamespaces()}
     */
    public SharedNamespaceException(String container, NamespaceOwner owner, String optIn) {
        super("container " + Objects.requireNonNull(container, "container must not be null") + " shares "
                + Objects.requireNonNull(owner, "owner must not be null").describe() + " network namespace (--network "
                + owner + "), so its table would be " + (owner.isHost() ? "the host's" : "that container's")
                + "; give it a network of its own, or read it anyway with "
                + Objects.requireNonNull(optIn, "optIn must not be null"));
        this.container = container;
        this.owner = owner;
    }

    /**
     * The container that was asked for.
     *
     * @return its description, such as {@code 'node-a' (3f2a1b2c3d4e)}
     */
    public String container() {
        return container;
    }

    /**
     * Whose namespace it shares.
     *
     * @return the owner
     */
    public NamespaceOwner owner() {
        return owner;
    }
}
