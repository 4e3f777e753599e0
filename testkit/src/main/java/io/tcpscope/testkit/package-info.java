/**
 * The composition root, framework-neutral: {@link io.tcpscope.testkit.Cluster} is the one handle a
 * test holds, whether tcpscope runs the nodes ({@code Cluster.builder()}) or adopts containers
 * ({@code Cluster.adopt()}). It reads each node's connections, waits ({@code cluster.await()}) and
 * records ({@code cluster.recorder()}); the modes of reading are
 * {@link io.tcpscope.testkit.InspectorMode}s. No test framework is needed: a failed wait is a
 * {@link io.tcpscope.testkit.WaitFailedError}, an {@link java.lang.AssertionError}, which every
 * framework reports as a failure. Assertions live in {@code tcpscope-assertj}.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.adopt().container("node-a").container("node-b").build().start()) {
 *     cluster.await().forFullMesh();
 * }
 * }</pre>
 */
package io.tcpscope.testkit;
