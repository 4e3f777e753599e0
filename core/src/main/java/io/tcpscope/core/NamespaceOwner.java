package io.tcpscope.core;

/**
 * Whose network namespace a container shares, when it has none of its own: the host's (the
 * container was started with {@code --network host}) or another container's
 * ({@code --network container:X}). A table read in such a namespace is its owner's table, so
 * tcpscope refuses it with a {@link SharedNamespaceException} unless the caller opted in, and then
 * labels it with this owner.
 *
 * <pre>{@code
 * inspector.sharedNamespace("node-a")
 *         .ifPresent(owner -> System.out.println("read in " + owner.describe() + " namespace"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param container the name of the container that owns the namespace, or {@code null} for the host
 * @since 0.2.0
 */
public record NamespaceOwner(String container) {

    private static final NamespaceOwner HOST = new NamespaceOwner(null);

    /**
     * Checks the name.
     *
     * @param container the owning container's name, or {@code null} for the host
     */
    public NamespaceOwner {
        if (container != null) {
            container = container.startsWith("/") ? container.substring(1) : container;
            if (container.isBlank()) {
                throw new IllegalArgumentException("container must not be blank; use NamespaceOwner.host() for the host");
            }
        }
    }

    /**
     * The host's namespace.
     *
     * @return the owner for {@code --network host}
     */
    public static NamespaceOwner host() {
        return HOST;
    }

    /**
     * Another container's namespace.
     *
     * @param container that container's name (or id, when it has no name)
     * @return the owner for {@code --network container:<container>}
     */
    public static NamespaceOwner container(String container) {
        return new NamespaceOwner(java.util.Objects.requireNonNull(container, "container must not be null"));
    }

    /**
     * Whether the namespace is the host's.
     *
     * @return {@code true} for {@code --network host}
     */
    public boolean isHost() {
        return container == null;
    }

    /**
     * The owner as a possessive, for sentences: {@code the host's} or {@code container 'db''s}.
     *
     * @return the description
     */
    public String describe() {
        return isHost() ? "the host's" : "container '" + container + "''s";
    }

    /**
     * The owner as a label for rows and JSON: {@code host} or {@code container:db}, the way
     * {@code docker run --network} spells it.
     *
     * @return the label
     */
    @Override
    public String toString() {
        return isHost() ? "host" : "container:" + container;
    }
}
