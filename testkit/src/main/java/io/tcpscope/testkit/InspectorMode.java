package io.tcpscope.testkit;

/**
 * How a {@link Cluster} reads its nodes' TCP tables. Every mode gives the same answer for the same
 * container; they differ in cost and in what they need.
 */
public enum InspectorMode {
    /**
     * Procfs when the engine is local and the container's {@code /proc/<pid>} can be read, else
     * exec, else the sidecar for images without tools. Decided per container, and remembered.
     */
    AUTO,
    /** Runs cat, ss or netstat in the container through the Engine API's exec. */
    DOCKER_EXEC,
    /** Reads {@code /proc/<pid>/net/tcp{,6}} on the host; needs a local engine. */
    PROCFS,
    /** A helper container in the node's network namespace reads its table. */
    SIDECAR
}
