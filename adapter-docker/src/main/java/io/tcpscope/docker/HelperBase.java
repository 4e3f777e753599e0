package io.tcpscope.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The image tcpscope builds its helper images from: the built-in peer, the sidecar, the
 * engine-procfs reader, and the TCK's targets. Each of those is a few files on top of a busybox.
 *
 * <p>By default it is the official, multi-arch busybox image, {@value #DEFAULT_IMAGE}, which the
 * engine pulls once, for its own platform ({@code linux/amd64}, {@code linux/arm64}, ...): so the
 * helpers work where the engine runs in a VM, as with Docker Desktop, Colima or Podman machine.
 * Its musl variant is the one whose busybox is statically linked (the plain tags are glibc's,
 * linked dynamically), so that an image with no tools can hold that one binary alone.
 * {@value #PROPERTY} (a system property) or {@value #ENVIRONMENT} (an environment variable)
 * names another image, such as a copy in a mirror or a private registry; the property wins. A
 * digest may be given ({@code busybox:1.37.0-musl@sha256:...}). Whatever is named must hold a
 * static busybox at {@code /bin/busybox} with its applets in {@code /bin}, as the official image's
 * musl and uclibc variants do.
 *
 * <p>Where the engine cannot pull it (no registry at hand), the helpers are built instead from a
 * static busybox on this machine, {@value #HOST_BUSYBOX_PATH} by default (Debian's
 * {@code busybox-static}): the offline path. Where neither works, the helpers fail with one
 * {@link io.tcpscope.core.ImageUnavailableException} that says both ways out.
 *
 * <pre>{@code
 * HelperBase base = HelperBase.fromEnvironment();                    // the property, the variable, or busybox
 * HelperBase mirror = HelperBase.of("registry.example.com/library/busybox:1.37.0-musl");
 * DockerEngine engine = DockerEngine.builder().helperBase(mirror).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class HelperBase {

    /** The default base: the official busybox image, pinned by tag. */
    public static final String DEFAULT_IMAGE = "busybox:1.37.0-musl";
    /** The system property that names another base image. */
    public static final String PROPERTY = "tcpscope.helper.image";
    /** The environment variable that names another base image. */
    public static final String ENVIRONMENT = "TCPSCOPE_HELPER_IMAGE";
    /** Where a static busybox is looked for on this machine when the base cannot be pulled. */
    public static final String HOST_BUSYBOX_PATH = "/bin/busybox";
    /** How long a pull of the base may take: 3 minutes. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(3);

    private final ImageRef image;
    private final String origin;
    private final Path hostBusybox;
    private final Duration pullTimeout;

    private HelperBase(ImageRef image, String origin, Path hostBusybox, Duration pullTimeout) {
        this.image = image;
        this.origin = origin;
        this.hostBusybox = hostBusybox;
        this.pullTimeout = pullTimeout;
    }

    /**
     * The base that {@value #PROPERTY}, else {@value #ENVIRONMENT}, else {@value #DEFAULT_IMAGE} names.
     *
     * @return the base
     * @throws IllegalArgumentException if the property or the variable is not an image reference
     */
    public static HelperBase fromEnvironment() {
        return fromEnvironment(System::getProperty, System::getenv);
    }

    /** As {@link #fromEnvironment()}, reading the given properties and environment. */
    static HelperBase fromEnvironment(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String property = properties.apply(PROPERTY);
        if (property != null && !property.isBlank()) {
            return named(property, "-D" + PROPERTY);
        }
        String variable = environment.apply(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return named(variable, ENVIRONMENT);
        }
        return named(DEFAULT_IMAGE, "the default");
    }

    /**
     * A base image of the caller's choice.
     *
     * @param image an image reference, {@code [registry/]name[:tag][@digest]}
     * @return the base
     * @throws IllegalArgumentException if {@code image} is not an image reference
     */
    public static HelperBase of(String image) {
        return named(Objects.requireNonNull(image, "image must not be null"), "given");
    }

    private static HelperBase named(String image, String origin) {
        return new HelperBase(ImageRef.parse(image.strip(), origin), origin, Path.of(HOST_BUSYBOX_PATH),
                DEFAULT_PULL_TIMEOUT);
    }

    /**
     * The same base, with another static busybox on this machine for when it cannot be pulled.
     *
     * @param staticBusybox a statically linked busybox for the engine's platform
     * @return a new base
     */
    public HelperBase withHostBusybox(Path staticBusybox) {
        return new HelperBase(image, origin, Objects.requireNonNull(staticBusybox, "staticBusybox must not be null"),
                pullTimeout);
    }

    /**
     * The same base, with another bound on the time a pull of it may take.
     *
     * @param timeout a positive time
     * @return a new base
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public HelperBase withPullTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("a pull timeout is positive, not " + timeout);
        }
        return new HelperBase(image, origin, hostBusybox, timeout);
    }

    /**
     * The image reference.
     *
     * @return for example {@code busybox:1.37.0}
     */
    public String image() {
        return image.reference();
    }

    /**
     * Where the reference came from.
     *
     * @return {@code the default}, {@code -Dtcpscope.helper.image}, {@code TCPSCOPE_HELPER_IMAGE} or {@code given}
     */
    public String origin() {
        return origin;
    }

    /**
     * The static busybox on this machine that the helpers are built from when the base cannot be pulled.
     *
     * @return by default {@value #HOST_BUSYBOX_PATH}
     */
    public Path hostBusybox() {
        return hostBusybox;
    }

    /**
     * How long a pull of the base may take.
     *
     * @return by default {@link #DEFAULT_PULL_TIMEOUT}
     */
    public Duration pullTimeout() {
        return pullTimeout;
    }

    ImageRef ref() {
        return image;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelperBase other && image.equals(other.image) && hostBusybox.equals(other.hostBusybox)
                && pullTimeout.equals(other.pullTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, hostBusybox, pullTimeout);
    }

    @Override
    public String toString() {
        return image.reference() + " (" + origin + ")";
    }
}
