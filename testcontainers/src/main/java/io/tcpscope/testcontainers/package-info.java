/**
 * tcpscope for Testcontainers users: waits that read a container's own TCP table
 * ({@link io.tcpscope.testcontainers.TcpscopeWait}), a wait for a whole mesh
 * ({@link io.tcpscope.testcontainers.MeshWait}), and the cluster facade on containers, networks
 * and Compose projects that Testcontainers started
 * ({@link io.tcpscope.testcontainers.TestcontainersCluster}). It takes the engine from
 * {@code getDockerClient()} and the containers from {@code getContainerId()}, so a
 * {@code GenericContainer} and a Compose service fit alike.
 *
 * <pre>{@code
 * node.waitingFor(TcpscopeWait.forActiveConnections(2));
 * Topology mesh = MeshWait.of(network, a, b, c).untilFullMesh();
 * }</pre>
 */
package io.tcpscope.testcontainers;
