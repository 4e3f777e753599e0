package io.tcpscope.cli;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.docker.DockerEngine;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
            for (Container c : engine.client().listContainersCmd().exec()) {
                String name = c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId().substring(0, 12);
                for (InetAddress address : addresses(c)) {
                    names.put(address, name);
                }
            }
        } catch (RuntimeException e) {
            return none();
        }
        return new PeerNames(names);
    }

    static Set<InetAddress> addresses(Container c) {
        Set<InetAddress> addresses = new HashSet<>();
        if (c.getNetworkSettings() == null) {
            return addresses;
        }
        for (ContainerNetwork n : c.getNetworkSettings().getNetworks().values()) {
            for (String ip : new String[] {n.getIpAddress(), n.getGlobalIPv6Address()}) {
                if (ip != null && !ip.isEmpty()) {
                    addresses.add(IpAddresses.parse(ip));
                }
            }
        }
        return addresses;
    }

    String nameOf(InetAddress address) {
        return names.get(address);
    }
}
