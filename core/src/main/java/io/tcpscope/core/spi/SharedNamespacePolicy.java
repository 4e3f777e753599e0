package io.tcpscope.core.spi;

import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;

import java.util.Objects;

/**
 * Whether an inspector reads a container that shares the host's or another container's network
 * namespace, and, if it refuses, how the caller opts in. A composition root puts one into the
 * {@link InspectionContext}; a provider whose inspector finds a shared namespace asks it with
 * {@link #check(String, NamespaceOwner)}. Without one, inspectors refuse with the library's way in.
 *
 * <pre>{@code
 * InspectionContext context = InspectionContext.builder()
 *         .with(SharedNamespacePolicy.class, SharedNamespacePolicy.refuse("--shared-namespaces"))
 *         .build();
 * context.find(SharedNamespacePolicy.class).orElse(SharedNamespacePolicy.DEFAULT)
 *         .check("'node-a' (3f2a1b2c3d4e)", NamespaceOwner.host());   // throws SharedNamespaceException
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param reads whether shared namespaces are read (and their tables labelled with the owner)
 * @param optIn how to opt in, for the refusal's message: a flag or a method
 * @since 0.2.0
 */
public record SharedNamespacePolicy(boolean reads, String optIn) {

    /** Refuses, and names the library's way in: {@code withSharedNamespaces()}. */
    public static final SharedNamespacePolicy DEFAULT = refuse("withSharedNamespaces()");

    /**
     * Checks the opt-in text.
     *
     * @param reads whether shared namespaces are read
     * @param optIn how to opt in
     */
    public SharedNamespacePolicy {
        Objects.requireNonNull(optIn, "optIn must not be null");
    }

    /**
     * Refuses shared namespaces.
     *
     * @param optIn how the caller opts in, for the message, such as {@code --shared-namespaces}
     * @return the policy
     */
    public static SharedNamespacePolicy refuse(String optIn) {
        return new SharedNamespacePolicy(false, optIn);
    }

    /**
     * Reads shared namespaces; their tables are the owner's, labelled as such.
     *
     * @return the policy
     */
    public static SharedNamespacePolicy read() {
        return new SharedNamespacePolicy(true, "withSharedNamespaces()");
    }

    /**
     * Refuses a container in a shared namespace, unless this policy reads them.
     *
     * @param container the container, described as in messages, such as {@code 'node-a' (3f2a1b2c3d4e)}
     * @param owner whose namespace it shares, or {@code null} if it has its own
     * @throws SharedNamespaceException if it shares one and this policy refuses
     */
    public void check(String container, NamespaceOwner owner) {
        if (owner != null && !reads) {
            throw new SharedNamespaceException(container, owner, optIn);
        }
    }
}
