package io.tcpscope.cli;

import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.DockerEngine;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** The addresses of the engine's running containers, to name the peers of connections. */
final class PeerNames {

    private final Map<InetAddress, String> names;

    private PeerNames(Map<InetAddress, String> names) {
        this.names = names;
    }

    static PeerNames none() {
        return new PeerNames(Map.of());
    }

    /** Every running container's addresses; nothing if the engine cannot be asked. */
    static PeerNames of(DockerEngine engine) {
        Map<InetAddress, String> names = new HashMap<>();
        try {
            for (ContainerInfo c : engine.runtime().list(Map.of(), false)) {
                for (InetAddress address : c.allAddresses()) {
                    names.put(address, c.name());
                }
            }
        } catch (RuntimeException e) {
            return none();
        }
        return new PeerNames(names);
    }

    String nameOf(InetAddress address) {
        return names.get(address);
    }
}
