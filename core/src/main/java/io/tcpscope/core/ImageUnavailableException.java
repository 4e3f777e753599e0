package io.tcpscope.core;

import java.util.Objects;

/**
 * The image that tcpscope builds its helpers from (the built-in peer, the sidecar, the engine-side
 * reader) could not be had: the engine could not pull it, and there is no static busybox on this
 * machine to build them from instead. Names the engine, the image and the platform asked for, and
 * quotes the registry's answer; its message gives both ways out.
 *
 * <pre>{@code
 * try {
 *     cluster.start();
 * } catch (ImageUnavailableException e) {
 *     log.error("{} could not pull {}: {}", e.endpoint(), e.image(), e.registryMessage());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ImageUnavailableException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String image;
    private final String platform;
    private final String registryMessage;

    /**
     * Creates the exception.
     *
     * @param endpoint the engine's address, as messages name it
     * @param image the image that could not be pulled, such as {@code busybox:1.37.0-musl}
     * @param platform the platform it was asked for, such as {@code linux/amd64}
     * @param registryMessage what the engine or registry said, on one line
     * @param hostBusybox where a static busybox was looked for on this machine
     * @param noHostBusybox why that could not serve instead, such as {@code there is no static busybox at /bin/busybox}
     * @param cause the failure of the pull, kept for its stack trace
     */
    public ImageUnavailableException(String endpoint, String image, String platform, String registryMessage,
                                     String hostBusybox, String noHostBusybox, Throwable cause) {
        super("tcpscope builds its helper images from '" + image + "', which the Docker engine at " + endpoint
                + " could not pull for " + platform + ": " + registryMessage + "; nor can they be built from a static"
                + " busybox on this machine instead: " + noHostBusybox + ". Either name a copy the engine can pull (in a"
                + " mirror or a private registry) in TCPSCOPE_HELPER_IMAGE or -Dtcpscope.helper.image, or install a"
                + " static busybox for the engine's platform at " + hostBusybox
                + " (Debian and Ubuntu: apt-get install busybox-static)", cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.image = Objects.requireNonNull(image, "image must not be null");
        this.platform = Objects.requireNonNull(platform, "platform must not be null");
        this.registryMessage = Objects.requireNonNull(registryMessage, "registryMessage must not be null");
    }

    /**
     * The engine's address.
     *
     * @return for example {@code unix:///var/run/docker.sock}
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The image that could not be pulled.
     *
     * @return for example {@code busybox:1.37.0-musl}
     */
    public String image() {
        return image;
    }

    /**
     * The platform the image was asked for: the engine's.
     *
     * @return for example {@code linux/arm64}
     */
    public String platform() {
        return platform;
    }

    /**
     * What the engine or its registry said.
     *
     * @return for example {@code manifest for busybox:9 not found: manifest unknown}
     */
    public String registryMessage() {
        return registryMessage;
    }
}
