package io.tcpscope.docker;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.ImageUnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything tcpscope asks of a container engine besides reading tables: images, networks, and
 * the life of containers. It is the one way the testkit's clusters, and anyone's tests, start,
 * stop, pause, partition and remove containers, and every call of its kind goes through it.
 *
 * <pre>{@code
 * ContainerRuntime runtime = DockerEngine.fromEnvironment().runtime();
 * String net = runtime.createNetwork("mesh", Map.of("io.tcpscope.cluster", "mesh"));
 * String node = runtime.create(ContainerSpec.of("tcpscope/peer:3").withName("node-1").withNetwork("mesh", "node-1"));
 * runtime.start(node);
 * runtime.disconnect(net, node);            // a partition
 * runtime.connect(net, node, List.of("node-1"));
 * runtime.remove(node);
 * }</pre>
 *
 * <p>Every container and network it creates carries the engine's {@linkplain DockerEngine#labels()
 * labels} and {@link #OWNER_LABEL}, naming the process that
 * made it, so that {@link #removeLeftovers(String)} can tell what a killed process left behind from
 * what a live one still uses, on this machine or in another build on the same engine.
 *
 * <p>Failures are typed: {@link ContainerUnavailableException} when a container is missing or in
 * the wrong state, {@link EngineUnavailableException} when the engine cannot be reached, and
 * {@link EngineRefusedException}, quoting the engine, for anything else it refuses.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface ContainerRuntime {

    /**
     * The label naming the process that created a container or network:
     * {@code <boot id>/<pid namespace>/<pid>/<start time>} on Linux.
     */
    String OWNER_LABEL = "io.tcpscope.owner";

    /**
     * The engine's address, as messages name it.
     *
     * @return for example {@code unix:///var/run/docker.sock}
     */
    String endpoint();

    /**
     * Makes sure the engine has an image of busybox (with its applets in {@code /bin}) and the given
     * files, building it when missing: {@code FROM} the engine's {@link HelperBase}, which the
     * engine pulls for its platform if it lacks it, or, where it cannot pull it, {@code FROM
     * scratch} around this machine's static busybox. The image's tag carries a hash of all it
     * holds, the base included, so that an image built from other files or another base, or a
     * foreign image under that tag, is never used.
     *
     * @param name the image's repository, such as {@code tcpscope/peer}, or a repository and a tag
     *     that the hash is appended to, such as {@code tcpscope/peer:3}
     * @param files executable files to add, by their path in the image
     * @param entrypoint the entry point; empty for none
     * @return the image's reference, such as {@code tcpscope/peer:3-1f0c9e2d4b7a}
     * @throws ImageUnavailableException if the base cannot be pulled and there is no static busybox
     *     on this machine to build from
     */
    String ensureImage(String name, Map<String, String> files, List<String> entrypoint);

    /**
     * Creates a bridge network.
     *
     * @param name its name
     * @param labels its labels; {@link #OWNER_LABEL} is added
     * @return its id
     */
    String createNetwork(String name, Map<String, String> labels);

    /**
     * Removes a network; one that is already gone is not an error.
     *
     * @param network its name or id
     */
    void removeNetwork(String network);

    /**
     * Creates a container, without starting it.
     *
     * @param spec what to create; {@link #OWNER_LABEL} is added to its labels
     * @return its id
     */
    String create(ContainerSpec spec);

    /**
     * Starts a container.
     *
     * @param container its name or id
     */
    void start(String container);

    /**
     * Stops a container, killing it once the grace period is over.
     *
     * @param container its name or id
     * @param grace how long it may take to stop on its own; zero kills it at once, as a crash would
     */
    void stop(String container, Duration grace);

    /**
     * Restarts a container.
     *
     * @param container its name or id
     * @param grace how long it may take to stop on its own
     */
    void restart(String container, Duration grace);

    /**
     * Freezes every process of a container; its sockets stay open.
     *
     * @param container its name or id
     */
    void pause(String container);

    /**
     * Thaws a paused container.
     *
     * @param container its name or id
     */
    void unpause(String container);

    /**
     * Removes a container, running or not; one that is already gone is not an error.
     *
     * @param container its name or id
     */
    void remove(String container);

    /**
     * Attaches a container to a network.
     *
     * @param network the network's name or id
     * @param container the container's name or id
     * @param aliases the names it answers to there
     */
    void connect(String network, String container, List<String> aliases);

    /**
     * Detaches a container from a network: a partition. Its open connections through that network
     * stay open until one side gives up on them.
     *
     * @param network the network's name or id
     * @param container the container's name or id
     */
    void disconnect(String network, String container);

    /**
     * Describes a container as it is now.
     *
     * @param container its name or id
     * @return the description
     * @throws ContainerUnavailableException with {@code NOT_FOUND} if there is no such container
     */
    ContainerInfo inspect(String container);

    /**
     * The containers that carry all the given labels.
     *
     * @param labels the labels to match ({@code key=value}); empty for every container
     * @param includeStopped whether to list stopped containers too
     * @return the containers, without aliases (the engine's list does not give them)
     */
    List<ContainerInfo> list(Map<String, String> labels, boolean includeStopped);

    /**
     * Removes the containers and networks that carry {@code label} and that a process on this
     * machine created before it died. Those of live processes, of other machines, and those
     * without {@link #OWNER_LABEL} are left alone.
     *
     * @param label the label's key, such as {@code io.tcpscope.cluster}
     * @return how many containers and networks were removed
     */
    int removeLeftovers(String label);
}
