package io.tcpscope.core.spi;

import io.tcpscope.core.ConnectionInspector;

/**
 * A way of reading TCP tables that a module contributes by {@link java.util.ServiceLoader}: the
 * built-in modes are providers too ({@code exec}, {@code sidecar}, {@code procfs}), and a module on
 * the classpath adds one without a change to tcpscope.
 *
 * <pre>{@code
 * public final class NsenterProvider implements InspectorProvider {
 *     public String name() { return "nsenter"; }
 *     public String description() { return "nsenter into the container's network namespace and cat its table"; }
 *     public int priority() { return -1; }                   // never chosen by AUTO
 *     public boolean canServe(String target, InspectionContext context) { return true; }
 *     public ConnectionInspector create(InspectionContext context) {
 *         return new NsenterInspector(context.require(HostPidResolver.class, name()));
 *     }
 * }
 * // and META-INF/services/io.tcpscope.core.spi.InspectorProvider names the class
 * }</pre>
 *
 * <p>Implementations are stateless and thread-safe, and have a public no-argument constructor.
 * Their inspectors follow {@link ConnectionInspector}'s contract, which the TCK checks; an inspector
 * that holds a client or a helper of its own releases it in {@link ConnectionInspector#close()}, which
 * the composition root calls when it is done.
 *
 * @since 0.1.0
 */
public interface InspectorProvider {

    /**
     * The provider's name, which is also its mode: {@code --mode <name>} on the command line.
     *
     * @return lower case letters, digits and dashes, starting with a letter, at most 32 characters,
     *     and never {@code auto}
     */
    String name();

    /**
     * What the provider does and needs, in one line, for help texts.
     *
     * @return the description
     */
    String description();

    /**
     * Where AUTO puts the provider: AUTO tries the providers that {@linkplain #canServe can serve} a
     * target, the highest priority first. The built-in ones are procfs 300, exec 200, sidecar 100.
     *
     * @return the priority; a negative one keeps the provider out of AUTO, so that it is used only
     *     when asked for by name
     */
    int priority();

    /**
     * Whether the target is a reference of this provider's kind at all, by its grammar alone: a
     * Docker container name, a Kubernetes {@code namespace/pod}. When no provider
     * {@linkplain #canServe can serve} a target, AUTO reads it with the first provider that
     * recognises it, whose failure then says why it cannot be read; when none does, AUTO refuses the
     * reference with an {@link IllegalArgumentException}.
     *
     * @param target a target reference
     * @return {@code true} by default: the provider takes any reference
     */
    default boolean recognises(String target) {
        return true;
    }

    /**
     * Whether this provider can read the target from here, now. AUTO asks once per target and
     * remembers the answer until a read of the target fails. It must not throw: an answer it cannot
     * give is {@code false}.
     *
     * @param target a target reference, opaque to tcpscope; the provider validates its own grammar
     * @param context what the composition root offers, such as the engine
     * @return {@code true} if {@link #create created} inspectors can read it
     */
    boolean canServe(String target, InspectionContext context);

    /**
     * An inspector that reads targets in this provider's way.
     *
     * @param context what the composition root offers; take what the inspector needs with
     *     {@link InspectionContext#require(Class, String)}
     * @return the inspector
     * @throws IllegalStateException if the context lacks what the inspector needs, saying what
     */
    ConnectionInspector create(InspectionContext context);
}
