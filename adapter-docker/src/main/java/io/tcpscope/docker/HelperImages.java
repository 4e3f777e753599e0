package io.tcpscope.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.tcpscope.core.EngineUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An engine's helper images: each is looked up by the tag that carries its hash, and built when
 * the engine lacks it, or holds under that tag an image whose hash label differs (a stale or
 * foreign one, which is never used). Two threads that ensure the same image build it once; other
 * images are not held up meanwhile.
 *
 * <p>A build is a stream, which no response timeout cuts; it is given its own bound, derived from
 * the engine's response timeout: {@value #BUILD_FACTOR} times it, and at least
 * {@value #MIN_BUILD_SECONDS} s (so 120 s at the default 30 s). A build that has not ended by then is
 * a stalled engine ({@link EngineUnavailableException#stalled}); a caller interrupted meanwhile gets
 * {@link EngineUnavailableException#interrupted} and keeps its flag. A thread that waits for another
 * to build the same image waits at most what the builder's calls may take together: the build, a
 * pull of the base, and {@value #LOCK_CALLS} response timeouts.
 *
 * <p>Thread-safe.
 */
final class HelperImages {

    private static final Logger LOG = LoggerFactory.getLogger(HelperImages.class);
    /** How many response timeouts a build is given. */
    static final int BUILD_FACTOR = 4;
    /** The least time a build is given, however short the response timeout, in seconds. */
    static final long MIN_BUILD_SECONDS = 60;
    /** How many response timeouts, besides a build and a pull, a builder's other calls may take. */
    static final int LOCK_CALLS = 8;

    private final DockerEngine engine;
    private final BaseImage base;
    private final Duration build;
    private final Map<String, BoundedLock> locks = new ConcurrentHashMap<>();

    HelperImages(DockerEngine engine, HelperBase base) {
        this(engine, base, buildBound(engine.responseTimeout()));
    }

    /** Images whose builds are given {@code build}, for tests of a build that does not end. */
    HelperImages(DockerEngine engine, HelperBase base, Duration build) {
        this.engine = engine;
        this.base = new BaseImage(engine, base);
        this.build = build;
    }

    /** How long a build is given on an engine with this response timeout. */
    static Duration buildBound(Duration responseTimeout) {
        Duration derived = responseTimeout.multipliedBy(BUILD_FACTOR);
        Duration least = Duration.ofSeconds(MIN_BUILD_SECONDS);
        return derived.compareTo(least) < 0 ? least : derived;
    }

    /** The base and what it resolved to. */
    BaseImage base() {
        return base;
    }

    /**
     * Makes sure the engine has the image.
     *
     * @return the image's reference
     * @throws io.tcpscope.core.ImageUnavailableException if there is nothing to build it from
     */
    String ensure(HelperImage image) {
        BoundedLock lock = locks.computeIfAbsent(image.name(), n -> new BoundedLock());
        // the holder's calls are each bounded: a build, a pull, and a few calls of the response timeout
        Duration bound = build.plus(base.base().pullTimeout()).plus(engine.responseTimeout().multipliedBy(LOCK_CALLS));
        lock.lock(engine.endpoint(), "build image " + image.name() + " (for another thread)", bound);
        try {
            ImageSource source = base.source();
            String hash = image.hash(source);
            String reference = image.reference(hash);
            if (holds(reference, hash)) {
                return reference;
            }
            base.verify(); // a base removed since it was had is had again, rather than built FROM by name
            source = base.source();
            hash = image.hash(source);
            reference = image.reference(hash);
            if (!holds(reference, hash)) {
                build(image, source, reference, hash);
            }
            return reference;
        } finally {
            lock.unlock();
        }
    }

    private boolean holds(String reference, String hash) {
        InspectImageResponse found;
        try {
            found = engine.call("inspect image " + reference, c -> c.inspectImageCmd(reference).exec());
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "inspect image '" + reference + "'");
        }
        Map<String, String> labels = found.getConfig() == null ? null : found.getConfig().getLabels();
        String held = labels == null ? null : labels.get(HelperImage.HASH_LABEL);
        if (!hash.equals(held)) {
            LOG.info("the image {} on {} is not the one tcpscope builds under that tag (its hash label is {}); building it",
                    reference, engine.endpoint(), held);
            return false;
        }
        return true;
    }

    private void build(HelperImage image, ImageSource source, String reference, String hash) {
        LOG.info("building {} from {} on {}", reference, source, engine.endpoint());
        Path context = null;
        try {
            context = Files.createTempDirectory("tcpscope-image");
            if (source.isImage()) {
                // FROM the base's id, under a tag of tcpscope's: the base's own tag may have moved since
                engine.call("tag image " + source.baseId(), c -> c.tagImageCmd(source.baseId(), ImageSource.PIN_REPOSITORY,
                        source.pinTag()).withForce().exec());
            } else {
                Files.copy(source.busybox(), context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            }
            for (Map.Entry<String, String> file : image.contextFiles().entrySet()) {
                Path written = Files.writeString(context.resolve(file.getKey()), file.getValue());
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path dockerfile = Files.writeString(context.resolve("Dockerfile"), image.dockerfileWithHash(source, hash));
            String request = "build image " + reference;
            QuietCallback<BuildResponseItem> built = engine.client().buildImageCmd(dockerfile.toFile())
                    .withBaseDirectory(context.toFile())
                    .withTags(Set.of(reference))
                    .withPull(false)
                    .exec(new QuietCallback<>());
            try {
                boolean ended = built.awaitCompletion(build.toNanos(), TimeUnit.NANOSECONDS);
                built.throwIfFailed(engine.endpoint(), "build image '" + reference + "'");
                if (!ended) {
                    throw EngineUnavailableException.stalled(engine.endpoint(), request, build, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EngineUnavailableException.interrupted(engine.endpoint(), request, e);
            } finally {
                built.closeQuietly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the build context of '" + reference + "'", e);
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "build image '" + reference + "'");
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
        return "HelperImages[" + base + "]";
    }
}
