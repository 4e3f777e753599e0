package io.tcpscope.testkit.internal;

import io.tcpscope.docker.ContainerRuntime;

/** The built-in peer image, for tests that run peers of their own outside a Cluster. */
public final class PeerImages {

    private PeerImages() {
    }

    /** Makes sure the engine has the peer image, and gives its tag. */
    public static String ensure(ContainerRuntime runtime) {
        return PeerImage.ensure(runtime);
    }
}
