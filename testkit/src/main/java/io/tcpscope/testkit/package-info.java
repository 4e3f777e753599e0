/**
 * The composition root, framework-neutral: {@link io.tcpscope.testkit.TcpScope} inspects any
 * container, and {@link io.tcpscope.testkit.Cluster} starts a P2P cluster of its own; both wait and
 * assert on who is connected to whom. The modes of reading are
 * {@link io.tcpscope.testkit.InspectorMode}s. No test framework is needed: waits and assertions
 * fail with {@link java.lang.AssertionError}, which every framework reports as a failure.
 *
 * <pre>{@code
 * try (TcpScope scope = TcpScope.fromEnvironment()) {
 *     scope.awaitFullMesh(List.of("node-a", "node-b"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
package io.tcpscope.testkit;
