/**
 * The Docker adapter, and the only place that uses docker-java: an engine
 * ({@link io.tcpscope.docker.DockerEngine}), the life of containers and networks
 * ({@link io.tcpscope.docker.ContainerRuntime}), commands run in containers
 * ({@link io.tcpscope.docker.DockerCommandExecutor}), a helper container for images without
 * tools ({@link io.tcpscope.docker.SidecarInspector}), and, opt-in, the kernel's TCP events on an
 * engine's own kernel through a privileged helper ({@link io.tcpscope.docker.EngineEventSource}). It
 * also serves engines that speak Docker's API, such as Podman.
 *
 * <pre>{@code
 * try (DockerEngine engine = DockerEngine.fromEnvironment()) {
 *     ConnectionInspector exec = new ExecInspector(new DockerCommandExecutor(engine));
 *     engine.runtime().pause("node-a");
 * }
 * }</pre>
 */
package io.tcpscope.docker;
