package io.tcpscope.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.tcpscope.core.InspectionFailedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The image of the sidecar that reads a container's table from its network namespace. It needs
 * {@code cat}, nothing else.
 *
 * <p>The default, {@link #localBusybox()}, is built on first use from a static busybox on this
 * machine ({@code /bin/busybox}, as Debian's {@code busybox-static} installs it), {@code FROM
 * scratch}, so no registry is needed. Where a registry is at hand, {@link #named(String)} uses any
 * image that has {@code cat}, such as {@code busybox:1.36}; it must already be on the engine.
 *
 * <pre>{@code
 * SidecarImage image = SidecarImage.localBusybox();
 * SidecarImage mine = SidecarImage.named("registry.example.com/tools/busybox:1.36");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SidecarImage {

    /** The tag of the locally built default image. */
    public static final String DEFAULT_NAME = "tcpscope/sidecar:1";
    /** The label of every container tcpscope creates; sidecars carry {@code io.tcpscope=sidecar}. */
    public static final String LABEL = "io.tcpscope";
    /**
     * The label of every image tcpscope builds. It differs from {@link #LABEL} because containers
     * inherit their image's labels.
     */
    public static final String IMAGE_LABEL = "io.tcpscope.image";

    private static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private final String name;
    private final Path busybox;
    private volatile boolean present;

    private SidecarImage(String name, Path busybox) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.busybox = busybox;
    }

    /**
     * The default image, built from this machine's {@code /bin/busybox} when the engine lacks it.
     *
     * @return the image
     */
    public static SidecarImage localBusybox() {
        return new SidecarImage(DEFAULT_NAME, HOST_BUSYBOX);
    }

    /**
     * An image built when missing from the given static busybox binary.
     *
     * @param name the tag to build
     * @param staticBusybox a statically linked busybox
     * @return the image
     */
    public static SidecarImage fromBusybox(String name, Path staticBusybox) {
        return new SidecarImage(name, Objects.requireNonNull(staticBusybox, "staticBusybox must not be null"));
    }

    /**
     * An existing image that has {@code cat} on its PATH.
     *
     * @param image the image reference
     * @return the image
     */
    public static SidecarImage named(String image) {
        return new SidecarImage(image, null);
    }

    /**
     * The image reference.
     *
     * @return the tag
     */
    public String name() {
        return name;
    }

    /** Makes sure the engine has the image, building it if this instance knows how. */
    String ensure(DockerEngine engine, String container) {
        if (present) {
            return name;
        }
        synchronized (this) {
            if (!present) {
                if (!exists(engine)) {
                    if (busybox == null) {
                        throw new InspectionFailedException(container, List.of(), "the sidecar image '" + name
                                + "' is not on the engine; pull or build it first");
                    }
                    build(engine, container);
                }
                present = true;
            }
        }
        return name;
    }

    private boolean exists(DockerEngine engine) {
        try {
            engine.client().inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false);
        }
    }

    private void build(DockerEngine engine, String container) {
        if (!Files.isRegularFile(busybox)) {
            throw new InspectionFailedException(container, List.of(), "the sidecar image '" + name
                    + "' is not on the engine and there is no static busybox at " + busybox
                    + " to build it from; install busybox-static, or use SidecarImage.named(...)");
        }
        Path context = null;
        try {
            context = Files.createTempDirectory("tcpscope-sidecar");
            Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            Path dockerfile = context.resolve("Dockerfile");
            Files.writeString(dockerfile, String.join("\n",
                    "FROM scratch",
                    "COPY busybox /bin/busybox",
                    "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
                    "ENTRYPOINT []",
                    "CMD [\"cat\", \"/proc/net/tcp\", \"/proc/net/tcp6\"]",
                    ""));
            engine.client().buildImageCmd(dockerfile.toFile())
                    .withBaseDirectory(context.toFile())
                    .withTags(Set.of(name))
                    .withLabels(Map.of(IMAGE_LABEL, "sidecar"))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the sidecar image's build context", e);
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false);
        } finally {
            deleteQuietly(context);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is harmless.
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
