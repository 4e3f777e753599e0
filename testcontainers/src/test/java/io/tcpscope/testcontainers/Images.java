package io.tcpscope.testcontainers;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import io.tcpscope.testkit.internal.PeerImages;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Local images for Testcontainers, built from the host's static busybox: nothing is pulled. */
final class Images {

    /** A row of {@link #procTables} whose remote port is 9000 (hex 2328), in state 01: ESTABLISHED. */
    static final Pattern ESTABLISHED_TO_9000 = Pattern.compile("^\\s*\\d+: [0-9A-F]+:[0-9A-F]{4} [0-9A-F]+:2328 01 ",
            Pattern.MULTILINE);
    /** A row of {@link #procTables} whose local port is 9000 (hex 2328), in state 01: an accepted connection. */
    static final Pattern ESTABLISHED_ON_9000 = Pattern.compile("^\\s*\\d+: [0-9A-F]+:2328 [0-9A-F]+:[0-9A-F]{4} 01 ",
            Pattern.MULTILINE);

    private Images() {
    }

    /** The built-in peer: listens on $LISTEN, dials $PEERS, redials, and hangs up on a silent peer. */
    static DockerImageName peer() {
        return DockerImageName.parse(PeerImages.ensure(TestEngine.require().runtime()));
    }

    /** Only a static busybox at an odd path: no shell at /bin/sh, no tool on the PATH. */
    static DockerImageName slim() {
        TestImages.build(TestEngine.require());
        return DockerImageName.parse(TestImages.SLIM);
    }

    /** A peer on a network, under an alias, dialing the given peers on 9000. */
    static GenericContainer<?> peer(Network network, String alias, String dials) {
        return new GenericContainer<>(peer()).withNetwork(network).withNetworkAliases(alias)
                .withEnv("LISTEN", "9000").withEnv("PEERS", dials);
    }

    /** A peer that starts listening and dialing only {@code seconds} after its container starts. */
    static GenericContainer<?> latePeer(Network network, String alias, String dials, int seconds) {
        return peer(network, alias, dials).withCreateContainerCmdModifier(cmd -> cmd
                .withEntrypoint("/bin/sh", "-c", "sleep " + seconds + "; exec /peer"));
    }

    /** A peer that listens at once, and dials only {@code seconds} after its container starts. */
    static GenericContainer<?> lateDialer(Network network, String alias, String dials, int seconds) {
        return peer(network, alias, dials).withCreateContainerCmdModifier(cmd -> cmd
                .withEntrypoint("/bin/sh", "-c", "PEERS= /peer & sleep " + seconds + "; LISTEN= exec /peer"));
    }

    /**
     * The kernel's TCP tables of a container's process, as the text in {@code /proc/<pid>/net},
     * for oracles that read it with a pattern of their own rather than with tcpscope's parser.
     */
    static String procTables(ContainerState container) throws IOException {
        long pid = TestEngine.client().inspectContainerCmd(container.getContainerId()).exec().getState().getPidLong();
        Path net = Path.of("/proc", Long.toString(pid), "net");
        return Files.readString(net.resolve("tcp")) + Files.readString(net.resolve("tcp6"));
    }

    /** How many rows of {@link #procTables} match: each row is {@code sl: local rem st ...}, ports in hex. */
    static int rows(String tables, Pattern row) {
        Matcher m = row.matcher(tables);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
