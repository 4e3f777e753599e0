package io.tcpscope.docker.internal;

import com.github.dockerjava.api.DockerClient;

import java.time.Duration;

/**
 * The Docker client tcpscope makes for itself when it is given none: docker-java-core's
 * configuration (which reads {@code DOCKER_HOST}, or takes the default socket) over the zerodep
 * transport, which shades its HTTP client (it still brings JNA for unix sockets). The only class
 * that touches docker-java-core, which a user of {@code tcpscope-testcontainers} leaves out: the
 * classes that need it are loaded only when a client is made.
 *
 * <p>Two clients are made on one configuration: one for calls, with the response timeout (which
 * the transport applies on TCP; on a unix socket its blocking channel ignores it, and the engine
 * bounds each call itself), and one for streams, without it, since an attach or a command's
 * output may be idle for longer than any call takes.
 *
 * @param calls the client for calls, which its engine closes
 * @param streams the client for streams, which its engine closes
 * @param endpoint the address it talks to, for messages
 */
public record DefaultClient(DockerClient calls, DockerClient streams, String endpoint) {

    private static final String CORE = "com.github.dockerjava.core.DockerClientImpl";
    private static final String ZERODEP = "com.github.dockerjava.zerodep.ZerodepDockerHttpClient";

    /**
     * Whether docker-java-core and the zerodep transport are on the class path.
     *
     * @return {@code true} if {@link #create(String, Duration)} can make a client
     */
    public static boolean isAvailable() {
        try {
            ClassLoader loader = DefaultClient.class.getClassLoader();
            Class.forName(CORE, false, loader);
            Class.forName(ZERODEP, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A client of the engine at {@code host}, or at {@code DOCKER_HOST} or the default socket.
     *
     * @param host the address, or {@code null} for the environment's
     * @param responseTimeout the response timeout of the client for calls
     * @return the clients and their address
     * @throws IllegalArgumentException if {@code host} is not a Docker host URI
     * @throws IllegalStateException if docker-java-core or the zerodep transport is not on the class path
     */
    public static DefaultClient create(String host, Duration responseTimeout) {
        if (!isAvailable()) {
            throw new IllegalStateException("tcpscope makes its own Docker client with docker-java-core and"
                    + " docker-java-transport-zerodep, which are not on the class path; add them (tcpscope-adapter-docker"
                    + " brings them unless they are excluded), or give tcpscope a client of yours with"
                    + " DockerEngine.builder().client(..), or depend on tcpscope-testcontainers to use Testcontainers' client");
        }
        return Maker.make(host, responseTimeout);
    }

    /** Holds every reference to docker-java-core, so that none is resolved before {@link #isAvailable()}. */
    private static final class Maker {

        private Maker() {
        }

        static DefaultClient make(String host, Duration responseTimeout) {
            if (host == null) {
                var config = com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder().build();
                return new DefaultClient(client(config, responseTimeout), client(config, null),
                        config.getDockerHost().toString());
            }
            requireHost(host);
            try {
                var config = com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost(host).build();
                return new DefaultClient(client(config, responseTimeout), client(config, null),
                        config.getDockerHost().toString());
            } catch (RuntimeException e) {
                // docker-java's own words ("Host name") say neither what was wrong nor how to write it
                throw notAHost(host, e);
            }
        }

        /**
         * Refuses what docker-java would take and fail on later, or refuse in words of its own: a
         * TCP address without a host, or with a port that is not a number from 1 to 65535, and a
         * unix socket without a path.
         */
        private static void requireHost(String host) {
            java.net.URI uri;
            try {
                uri = new java.net.URI(host);
            } catch (java.net.URISyntaxException e) {
                throw notAHost(host, e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            boolean ok = switch (scheme) {
                case "tcp" -> uri.getHost() != null && uri.getPort() >= 1 && uri.getPort() <= 65_535
                        && (uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath()));
                case "unix", "npipe" -> uri.getPath() != null && uri.getPath().length() > 1;
                default -> false;
            };
            if (!ok) {
                throw notAHost(host, null);
            }
        }

        private static IllegalArgumentException notAHost(String host, Throwable cause) {
            return new IllegalArgumentException("'" + host + "' is not a Docker host; write unix:///path or tcp://host:port",
                    cause);
        }

        private static DockerClient client(com.github.dockerjava.core.DockerClientConfig config, Duration responseTimeout) {
            var http = new com.github.dockerjava.zerodep.ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .responseTimeout(responseTimeout)
                    .maxConnections(64)
                    .build();
            return com.github.dockerjava.core.DockerClientImpl.getInstance(config, http);
        }
    }
}
