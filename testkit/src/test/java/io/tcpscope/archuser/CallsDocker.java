package io.tcpscope.archuser;

import com.github.dockerjava.api.DockerClient;

/** A module outside the Docker adapter that talks to docker-java. */
public final class CallsDocker {
    public static void ping(DockerClient client) {
        client.pingCmd().exec();
    }
}
