package io.tcpscope.testcontainers;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import io.tcpscope.testkit.internal.PeerImages;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/** Local images for Testcontainers, built from the host's static busybox: nothing is pulled. */
final class Images {

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
}
