package io.tcpscope.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.InspectionFailedException;

import java.util.List;
import java.util.Objects;

/**
 * The image of the sidecar that reads a container's table from its network namespace. It needs
 * {@code cat}, nothing else.
 *
 * <p>The default, {@link #standard()}, is tcpscope's own, built on first use on each engine from the
 * engine's {@linkplain HelperBase helper base} (the official busybox image, pulled for the engine's
 * platform), or from this machine's static busybox where the base cannot be pulled. Its tag carries a
 * hash of what it holds ({@code tcpscope/sidecar:1-1f0c9e2d4b7a}). {@link #named(String)} uses any
 * image that has {@code cat}, such as {@code busybox:1.37.0-musl}; it must already be on the engine.
 *
 * <pre>{@code
 * SidecarImage image = SidecarImage.standard();
 * SidecarImage mine = SidecarImage.named("registry.example.com/tools/busybox:1.37.0-musl");
 * }</pre>
 *
 * <p>Whether the engine has the image is asked once, and asked again when a helper fails for the
 * want of it, so that an image deleted meanwhile is built again (or reported) rather than
 * failing every read from then on.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class SidecarImage {

    /** The repository and tag prefix of the default image; its tag ends in a hash of what it holds. */
    public static final String DEFAULT_NAME = "tcpscope/sidecar:1";
    /** The label of every container tcpscope creates; sidecars carry {@code io.tcpscope=sidecar}. */
    public static final String LABEL = "io.tcpscope";
    /**
     * The label of every image tcpscope builds. It differs from {@link #LABEL} because containers
     * inherit their image's labels.
     */
    public static final String IMAGE_LABEL = "io.tcpscope.image";

    private final String name;
    private final HelperImage recipe;
    private volatile String present;

    private SidecarImage(String name, HelperImage recipe) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.recipe = recipe;
    }

    /**
     * The default image, built from the engine's helper base when the engine lacks it.
     *
     * @return the image
     */
    public static SidecarImage standard() {
        return built(DEFAULT_NAME);
    }

    /** An image of tcpscope's recipe under another name, for tests. */
    static SidecarImage built(String name) {
        return new SidecarImage(name, HelperImage.builder(name)
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
     * The image's name: the reference of a named image, or the repository and tag prefix of
     * tcpscope's own, whose full tag each engine's build gives.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /** Forgets that the engine had the image, so that the next read makes sure of it again. */
    void forget() {
        present = null;
    }

    /** Whether the engine refused a helper because its image is not there. */
    static boolean isMissingImage(EngineRefusedException e) {
        return e.engineMessage().contains("No such image") || e.engineMessage().contains("image not known")
                || Integer.valueOf(404).equals(e.statusCode()) && e.engineMessage().contains("image");
    }

    /**
     * Makes sure the engine has the image, building it if this instance knows how.
     *
     * @return the reference to run
     * @throws io.tcpscope.core.ImageUnavailableException if it must be built and there is nothing to build it from
     * @throws InspectionFailedException if a named image is not on the engine
     */
    String ensure(DockerEngine engine, String container) {
        String known = present;
        if (known != null) {
            return known;
        }
        if (recipe != null) {
            known = recipe.ensure(engine);
        } else {
            try {
                engine.call("inspect image " + name, c -> c.inspectImageCmd(name).exec());
            } catch (NotFoundException e) {
                throw new InspectionFailedException(container, List.of(), "the sidecar image '" + name
                        + "' is not on the engine; pull or build it first");
            } catch (RuntimeException e) {
                throw engine.translate(null, e, false, "inspect image '" + name + "'");
            }
            known = name;
        }
        present = known;
        return known;
    }

    @Override
    public String toString() {
        return name;
    }
}
