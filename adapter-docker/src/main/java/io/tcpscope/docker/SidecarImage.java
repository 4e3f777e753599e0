package io.tcpscope.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.InspectionFailedException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
 * <p>Whether the engine has the image is asked once, and asked again when a helper fails for the
 * want of it, so that an image deleted meanwhile is built again (or reported) rather than
 * failing every read from then on.
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

    private final String name;
    private final BusyboxImage recipe;
    private volatile boolean present;

    private SidecarImage(String name, BusyboxImage recipe) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.recipe = recipe;
    }

    /**
     * The default image, built from this machine's {@code /bin/busybox} when the engine lacks it.
     *
     * @return the image
     */
    public static SidecarImage localBusybox() {
        return fromBusybox(DEFAULT_NAME, BusyboxImage.HOST_BUSYBOX);
    }

    /**
     * An image built when missing from the given static busybox binary.
     *
     * @param name the tag to build
     * @param staticBusybox a statically linked busybox
     * @return the image
     */
    public static SidecarImage fromBusybox(String name, Path staticBusybox) {
        return new SidecarImage(name, BusyboxImage.builder(name).from(staticBusybox)
                .label(IMAGE_LABEL, "sidecar").cmd("cat", "/proc/net/tcp", "/proc/net/tcp6").build());
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

    /** Forgets that the engine had the image, so that the next read makes sure of it again. */
    void forget() {
        present = false;
    }

    /** Whether the engine refused a helper because its image is not there. */
    static boolean isMissingImage(EngineRefusedException e) {
        return e.engineMessage().contains("No such image") || e.engineMessage().contains("image not known")
                || Integer.valueOf(404).equals(e.statusCode()) && e.engineMessage().contains("image");
    }

    /** Makes sure the engine has the image, building it if this instance knows how. */
    String ensure(DockerEngine engine, String container) {
        if (present) {
            return name;
        }
        if (recipe != null) {
            try {
                recipe.ensure(engine);
            } catch (IllegalStateException e) {
                throw new InspectionFailedException(container, List.of(), e.getMessage());
            }
        } else {
            try {
                engine.client().inspectImageCmd(name).exec();
            } catch (NotFoundException e) {
                throw new InspectionFailedException(container, List.of(), "the sidecar image '" + name
                        + "' is not on the engine; pull or build it first");
            } catch (RuntimeException e) {
                throw engine.translate(null, e, false, "inspect image '" + name + "'");
            }
        }
        present = true;
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
