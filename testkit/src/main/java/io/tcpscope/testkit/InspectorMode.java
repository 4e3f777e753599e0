package io.tcpscope.testkit;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.spi.InspectorProvider;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.Inspectors;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link Cluster} reads its nodes' TCP tables: {@link #AUTO}, or the mode of one
 * {@link InspectorProvider} by its name. Every mode gives the same answer for the same container;
 * they differ in cost and in what they need. The built-in modes are constants; a module on the
 * class path that provides an inspector adds its own, named as the provider is.
 *
 * <pre>{@code
 * Cluster.builder().inspectorMode(InspectorMode.PROCFS)...
 * Cluster.builder().inspectorMode(InspectorMode.named("nsenter"))...   // a provider on the class path
 * InspectorMode.installed();      // [auto, procfs, engine-procfs, exec, sidecar, nsenter]
 * }</pre>
 *
 * <p>Immutable and thread-safe; equal when the names are.
 *
 * @since 0.1.0
 */
public final class InspectorMode {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /**
     * The first provider, in priority order, that can read the container: procfs when the engine is
     * local and the container's {@code /proc/<pid>} can be read, else the engine-procfs reader where
     * the engine allows its helper, else exec, else the sidecar for images without tools. Decided
     * per container, and remembered.
     */
    public static final InspectorMode AUTO = new InspectorMode(InspectorProviders.AUTO);
    /** Runs cat, ss or netstat in the container through the Engine API's exec. */
    public static final InspectorMode EXEC = new InspectorMode("exec");
    /** Reads {@code /proc/<pid>/net/tcp{,6}} on the host; needs a local engine. */
    public static final InspectorMode PROCFS = new InspectorMode("procfs");
    /** A helper container in the node's network namespace reads its table. */
    public static final InspectorMode SIDECAR = new InspectorMode("sidecar");
    /**
     * One helper container in the engine's host PID namespace reads every node's
     * {@code /proc/<pid>/net/tcp{,6}}, over a stream that stays open: no exec per read, on a local
     * or a remote engine; the engine must allow {@code PidMode=host}.
     */
    public static final InspectorMode ENGINE_PROCFS = new InspectorMode("engine-procfs");

    private static final List<InspectorMode> BUILT_IN = List.of(AUTO, EXEC, PROCFS, SIDECAR, ENGINE_PROCFS);

    private final String name;

    private InspectorMode(String name) {
        this.name = name;
    }

    /**
     * The mode of a name: {@code auto}, a built-in mode, or a provider's. Whether a provider has the
     * name is checked when a cluster starts reading, which names the modes there are.
     *
     * @param name the name, as on the command line's {@code --mode}
     * @return the mode
     * @throws IllegalArgumentException if the name is malformed
     */
    public static InspectorMode named(String name) {
        Objects.requireNonNull(name, "name must not be null");
        for (InspectorMode mode : BUILT_IN) {
            if (mode.name.equals(name)) {
                return mode;
            }
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a mode is named with 1 to 32 lower case letters, digits and dashes,"
                    + " starting with a letter, not '" + name + "'; the modes are "
                    + InspectorProviders.installed().modeNames());
        }
        return new InspectorMode(name);
    }

    /**
     * The modes tcpscope itself has: auto, exec, procfs, sidecar and engine-procfs.
     *
     * @return the modes, unmodifiable
     */
    public static List<InspectorMode> builtIn() {
        return BUILT_IN;
    }

    /**
     * The modes of the class path: auto, then every provider's, the highest priority first.
     *
     * @return the modes, unmodifiable
     * @throws IllegalStateException if the providers on the class path clash
     */
    public static List<InspectorMode> installed() {
        return InspectorProviders.installed().modeNames().stream().map(InspectorMode::named).toList();
    }

    /**
     * The mode's name.
     *
     * @return the name, as {@code --mode} takes it
     */
    public String name() {
        return name;
    }

    /**
     * Whether this is {@link #AUTO}.
     *
     * @return {@code true} for AUTO
     */
    public boolean isAuto() {
        return this.equals(AUTO);
    }

    /**
     * This mode's inspector of single containers on an engine, without a cluster: built as a
     * cluster builds its own, from the providers on the class path. The caller closes it (which
     * ends any helper it started), and the engine after it.
     *
     * <pre>{@code
     * try (DockerEngine engine = DockerEngine.fromEnvironment();
     *      ConnectionInspector inspector = InspectorMode.AUTO.inspector(engine, SharedNamespacePolicy.DEFAULT)) {
     *     List<TcpConnection> table = inspector.connections("node-a");
     * }
     * }</pre>
     *
     * @param engine the engine the containers run on
     * @param policy whether containers in the host's or another container's network namespace are
     *     read, and how to opt in if not ({@link SharedNamespacePolicy#DEFAULT} refuses them)
     * @return the inspector
     * @throws IllegalArgumentException if no provider on the class path has this mode's name
     * @since 0.2.0
     */
    public ConnectionInspector inspector(DockerEngine engine, SharedNamespacePolicy policy) {
        return Inspectors.create(this, Objects.requireNonNull(engine, "engine must not be null"),
                Objects.requireNonNull(policy, "policy must not be null"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InspectorMode mode && mode.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
