/**
 * tcpscope for Testcontainers users: waits that read a container's own TCP table
 * ({@link io.tcpscope.testcontainers.TcpscopeWait}), and the one cluster handle,
 * {@link io.tcpscope.testkit.Cluster}, on containers, networks and Compose projects that
 * Testcontainers started ({@link io.tcpscope.testcontainers.TestcontainersCluster}). It takes the
 * engine from {@code getDockerClient()} and the containers from {@code getContainerId()}, so a
 * {@code GenericContainer} and a Compose service fit alike.
 *
 * <pre>{@code
 * node.waitingFor(TcpscopeWait.forActiveConnections(2));
 * try (Cluster cluster = TestcontainersCluster.of(network, a, b, c).start()) {
 *     cluster.await().forFullMesh();
 * }
 * }</pre>
 */
package io.tcpscope.testcontainers;
