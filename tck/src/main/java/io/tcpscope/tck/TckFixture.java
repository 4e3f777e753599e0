package io.tcpscope.tck;

import java.time.Duration;

/**
 * Starts the targets that {@link InspectorTck} inspects, in the engine an adapter reads: Docker,
 * Podman, Kubernetes, or plain network namespaces. The TCK says what each target runs; the fixture
 * says where.
 *
 * <p>Every target runs a POSIX {@code sh} script of the TCK's that uses busybox's {@code nc},
 * {@code httpd}, {@code seq}, {@code sleep}, {@code cat} and {@code true}, found on the script's
 * {@code PATH}. A target is running when the start method returns; its sockets may take a moment
 * longer, and the TCK waits for them for {@link #settleTime()}.
 *
 * <p>The fixture owns its targets and removes them when its owner is done, such as at JVM exit; the
 * TCK never closes it, so that several test classes can share one fixture and its targets.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface TckFixture {

    /** What an isolated target's kernel settings must be: every dial leaves from this one port. */
    int EPHEMERAL_PORT = 47000;

    /**
     * Starts a target in a network namespace of its own, whose only interface is loopback, with
     * IPv6 enabled ({@code ::1} exists) and {@code net.ipv4.ip_local_port_range} set to
     * {@value #EPHEMERAL_PORT} {@value #EPHEMERAL_PORT}, so that each of its dials leaves from that
     * port, which makes every socket of it known in advance.
     *
     * @param name the target's name, a DNS label unique in the fixture
     * @param script the script to run
     * @return the reference the inspector under test reads the target by
     */
    String startIsolated(String name, String script);

    /**
     * Starts a target on a network shared by every target started this way, where the others reach
     * it by {@code name}.
     *
     * @param name the target's name, a DNS label unique in the fixture
     * @param script the script to run
     * @return the reference the inspector under test reads the target by
     */
    String startOnNetwork(String name, String script);

    /**
     * Starts an isolated target, as {@link #startIsolated} does, in which no tool can be run from
     * outside: {@code sh}, {@code cat}, {@code ss}, {@code netstat} and {@code busybox} are not on
     * the {@code PATH} that the engine's exec searches. The script still runs.
     *
     * @param name the target's name, a DNS label unique in the fixture
     * @param script the script to run
     * @return the reference the inspector under test reads the target by
     */
    String startWithoutTools(String name, String script);

    /**
     * The address of a target on the shared network, as the engine reports it: the TCK checks that
     * each end of a dial between targets is at the address of the target it belongs to.
     *
     * @param target a reference {@link #startOnNetwork} returned
     * @return an IP literal, such as {@code 172.18.0.3}
     */
    String address(String target);

    /**
     * Stops a target: it exists, and does not run.
     *
     * @param target a reference this fixture returned
     */
    void stop(String target);

    /**
     * Pauses a target: it exists and keeps its sockets, and its processes are frozen.
     *
     * @param target a reference this fixture returned
     * @throws UnsupportedOperationException if the engine cannot pause ({@link #canPause()} is false)
     */
    void pause(String target);

    /**
     * Whether the engine can pause a target. Kubernetes, for one, cannot, nor can rootless Docker on
     * cgroup v1; the TCK's pause test then checks that pausing a target fails.
     *
     * @return {@code true} by default
     */
    default boolean canPause() {
        return true;
    }

    /**
     * Removes a target: it no longer exists.
     *
     * @param target a reference this fixture returned
     */
    void remove(String target);

    /**
     * A well-formed reference to a target that does not exist.
     *
     * @return the reference
     */
    String missing();

    /**
     * How long the TCK waits for a target's sockets to be what its script makes them.
     *
     * @return 60 seconds by default
     */
    default Duration settleTime() {
        return Duration.ofSeconds(60);
    }
}
