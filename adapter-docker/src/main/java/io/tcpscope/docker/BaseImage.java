package io.tcpscope.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Version;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.ImageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where an engine's helper images come from: the {@link HelperBase}'s image, which the engine has
 * or pulls, for its own platform; or, when it cannot pull it, the host's static busybox. Decided
 * once per engine, and again when the base has gone from the engine.
 *
 * <p>The platform is explicit: the base is pulled for the engine's {@code linux/<arch>} (from its
 * version), and a base already on the engine for another architecture is pulled again for the
 * engine's, so that an Apple Silicon engine gets the arm64 busybox whatever it was given before.
 *
 * <p>Thread-safe.
 */
final class BaseImage {

    private static final Logger LOG = LoggerFactory.getLogger(BaseImage.class);

    private final DockerEngine engine;
    private final HelperBase base;
    private final BoundedLock lock = new BoundedLock();
    private String platform;
    private ImageSource source;

    BaseImage(DockerEngine engine, HelperBase base) {
        this(engine, base, null);
    }

    /** A base for a platform given, not asked of the engine: for the tests of the choice. */
    BaseImage(DockerEngine engine, HelperBase base, String platform) {
        this.engine = engine;
        this.base = base;
        this.platform = platform;
    }

    /** The base this engine builds its helpers from. */
    HelperBase base() {
        return base;
    }

    /**
     * What the helpers are built from, decided on the first call.
     *
     * @throws ImageUnavailableException if the base cannot be pulled and there is no host busybox
     * @throws EngineUnavailableException if the engine cannot be reached
     */
    ImageSource source() {
        lock("get the base image " + base.image());
        try {
            if (source == null) {
                source = resolve();
            }
            return source;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the source if it is a base image that has gone from the engine, so that it is had again. */
    void verify() {
        lock("inspect the base image " + base.image());
        try {
            if (source != null && source.isImage() && inspect(source.baseId()) == null) {
                LOG.info("the base image {} has gone from {}; getting it again", source, engine.endpoint());
                source = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the lock within what its holder's calls may take together: a pull, and a few calls. */
    private void lock(String call) {
        lock.lock(engine.endpoint(), call + " (for another thread)",
                base.pullTimeout().plus(engine.responseTimeout().multipliedBy(6)));
    }

    /** The engine's platform, such as {@code linux/arm64}, or {@code null} if it does not say. */
    String platform() {
        lock("tell its version");
        try {
            return platformLocked();
        } finally {
            lock.unlock();
        }
    }

    private String platformLocked() {
        if (platform == null) {
            try {
                Version version = engine.call("version", c -> c.versionCmd().exec());
                String os = version.getOperatingSystem() == null ? "linux" : version.getOperatingSystem();
                platform = version.getArch() == null || version.getArch().isBlank() ? ""
                        : os.toLowerCase(Locale.ROOT) + "/" + version.getArch().toLowerCase(Locale.ROOT);
            } catch (RuntimeException e) {
                throw engine.translate(null, e, false, "tell its version");
            }
        }
        return platform.isEmpty() ? null : platform;
    }

    private ImageSource resolve() {
        String wanted = platformLocked();
        String local = base.ref().local();
        InspectImageResponse found = inspect(local);
        if (found != null && fits(found, wanted)) {
            return ImageSource.image(local, found.getId());
        }
        String failure;
        Exception cause = null;
        try {
            pull(wanted);
            found = inspect(local);
            if (found != null && fits(found, wanted)) {
                LOG.info("pulled {} for {} on {}", base.image(), wanted, engine.endpoint());
                return ImageSource.image(local, found.getId());
            }
            failure = found == null ? "the pull ended, but the engine has no image " + local
                    : "its registry has no image for " + wanted + ", only for " + found.getOs() + "/" + found.getArch();
        } catch (EngineRefusedException e) {
            failure = e.engineMessage();
            cause = e;
        }
        String platformWords = wanted == null ? "the engine's platform" : wanted;
        Optional<String> unusable = HostBusybox.unusable(base.hostBusybox(), wanted);
        if (unusable.isEmpty()) {
            try {
                ImageSource offline = ImageSource.hostBusybox(base.hostBusybox(), HostBusybox.sha256(base.hostBusybox()));
                LOG.warn("could not pull {} for {} on {} ({}); building tcpscope's helper images from {} instead",
                        base.image(), platformWords, engine.endpoint(), failure, base.hostBusybox());
                return offline;
            } catch (IOException e) {
                unusable = Optional.of("the busybox at " + base.hostBusybox() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        throw new ImageUnavailableException(engine.endpoint(), base.image(), platformWords, failure,
                base.hostBusybox().toString(), unusable.get(), cause);
    }

    /** Pulls the base for the platform, within the base's pull timeout. */
    private void pull(String wanted) {
        ImageRef ref = base.ref();
        String request = "pull image '" + base.image() + "'" + (wanted == null ? "" : " for " + wanted);
        LOG.info("pulling {} for {} on {}: tcpscope's helper images are built from it (once per engine)",
                base.image(), wanted == null ? "its platform" : wanted, engine.endpoint());
        QuietCallback<PullResponseItem> pulled = new QuietCallback<>();
        try {
            var pull = engine.client().pullImageCmd(ref.pullRepository());
            if (ref.pullTag() != null) {
                pull.withTag(ref.pullTag());
            }
            if (wanted != null) {
                pull.withPlatform(wanted);
            }
            pull.exec(pulled);
            boolean ended = pulled.awaitCompletion(base.pullTimeout().toMillis(), TimeUnit.MILLISECONDS);
            pulled.throwIfFailed(engine.endpoint(), request);
            if (!ended) {
                throw new EngineRefusedException(engine.endpoint(), request, null, "the pull did not end within "
                        + base.pullTimeout().toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            // not a refusal, which would send the caller on to the host's busybox: the caller gave up
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(engine.endpoint(), request, e);
        } catch (RuntimeException e) {
            RuntimeException typed = engine.translate(null, e, false, request);
            if (typed instanceof EngineUnavailableException unavailable) {
                throw unavailable;
            }
            throw typed instanceof EngineRefusedException refused ? refused
                    : new EngineRefusedException(engine.endpoint(), request, null, String.valueOf(e.getMessage()), e);
        } finally {
            pulled.closeQuietly();
        }
    }

    /** The image, or {@code null} if the engine has none by that name or id. */
    private InspectImageResponse inspect(String image) {
        try {
            return engine.call("inspect image " + image, c -> c.inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "inspect image '" + image + "'");
        }
    }

    /** Whether an image is of the platform; an engine or image that does not say fits. */
    private static boolean fits(InspectImageResponse image, String wanted) {
        if (wanted == null || image.getArch() == null || image.getArch().isBlank()) {
            return true;
        }
        return wanted.endsWith("/" + image.getArch().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "BaseImage[" + base + " on " + engine.endpoint() + "]";
    }
}
