package io.tcpscope.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An image built {@code FROM scratch} around a static busybox from this machine, so that no
 * registry is needed: the sidecar, the testkit's peer image (through
 * {@link ContainerRuntime#ensureImage}) and the test images are all built so.
 *
 * <pre>{@code
 * String tag = BusyboxImage.builder("tcpscope/peer:1")
 *         .file("/peer", peerScript)
 *         .entrypoint("/peer")
 *         .build()
 *         .ensure(engine);     // builds it once, if the engine lacks the tag
 * }</pre>
 *
 * <p>Immutable and thread-safe. Two threads that ensure the same tag on the same engine build it
 * once; other tags and other engines are not held up meanwhile.
 */
final class BusyboxImage {

    /** Where Debian's {@code busybox-static} installs the binary. */
    static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private final String tag;
    private final Path busybox;
    private final String busyboxInImage;
    private final boolean applets;
    private final Map<String, String> files;
    private final List<String> entrypoint;
    private final List<String> cmd;
    private final Map<String, String> labels;

    private BusyboxImage(Builder b) {
        this.tag = b.tag;
        this.busybox = b.busybox;
        this.busyboxInImage = b.busyboxInImage;
        this.applets = b.applets;
        this.files = Map.copyOf(b.files);
        this.entrypoint = b.entrypoint;
        this.cmd = b.cmd;
        this.labels = Map.copyOf(b.labels);
    }

    /**
     * Starts describing an image.
     *
     * @param tag the tag to build, such as {@code tcpscope/peer:1}
     * @return a builder: busybox at {@code /bin/busybox} with every applet linked in {@code /bin}
     */
    static Builder builder(String tag) {
        return new Builder(tag);
    }

    /**
     * The tag.
     *
     * @return the image reference
     */
    String tag() {
        return tag;
    }

    /**
     * Builds the image unless the engine already has the tag.
     *
     * @param engine the engine to build on
     * @return the tag
     * @throws IllegalStateException if the image is missing and there is no static busybox to build it from
     * @throws io.tcpscope.core.EngineUnavailableException if the engine cannot be reached
     */
    String ensure(DockerEngine engine) {
        synchronized (engine.imageLock(tag)) {
            try {
                engine.client().inspectImageCmd(tag).exec();
                return tag;
            } catch (NotFoundException e) {
                build(engine);
                return tag;
            } catch (RuntimeException e) {
                throw engine.translate(null, e, false, "inspect image '" + tag + "'");
            }
        }
    }

    /**
     * The Dockerfile this image is built from.
     *
     * @return the Dockerfile's text
     */
    String dockerfile() {
        StringBuilder out = new StringBuilder("FROM scratch\nCOPY busybox ").append(busyboxInImage).append('\n');
        if (applets) {
            out.append("RUN [\"").append(busyboxInImage).append("\", \"--install\", \"-s\", \"/bin\"]\n");
        }
        int i = 0;
        for (String path : files.keySet()) {
            out.append("COPY file").append(i++).append(' ').append(path).append('\n');
        }
        if (!labels.isEmpty()) {
            out.append("LABEL ").append(labels.entrySet().stream()
                    .map(e -> json(e.getKey()) + "=" + json(e.getValue())).collect(Collectors.joining(" "))).append('\n');
        }
        out.append("ENTRYPOINT ").append(jsonArray(entrypoint)).append('\n');
        if (!cmd.isEmpty()) {
            out.append("CMD ").append(jsonArray(cmd)).append('\n');
        }
        return out.toString();
    }

    private void build(DockerEngine engine) {
        if (!Files.isRegularFile(busybox)) {
            throw new IllegalStateException("the image '" + tag + "' is not on the engine and there is no static busybox at "
                    + busybox + " to build it from; install busybox-static, or use an image from a registry");
        }
        Path context = null;
        try {
            context = Files.createTempDirectory("tcpscope-image");
            Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            int i = 0;
            for (String content : files.values()) {
                Path file = Files.writeString(context.resolve("file" + i++), content);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path dockerfile = Files.writeString(context.resolve("Dockerfile"), dockerfile());
            engine.client().buildImageCmd(dockerfile.toFile())
                    .withBaseDirectory(context.toFile())
                    .withTags(Set.of(tag))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the build context of '" + tag + "'", e);
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "build image '" + tag + "'");
        } finally {
            deleteQuietly(context);
        }
    }

    private static String jsonArray(List<String> items) {
        return items.stream().map(BusyboxImage::json).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
        return tag;
    }

    /** Describes a {@link BusyboxImage}. Not thread-safe; build it, then share the image. */
    static final class Builder {
        private final String tag;
        private Path busybox = HOST_BUSYBOX;
        private String busyboxInImage = "/bin/busybox";
        private boolean applets = true;
        private final Map<String, String> files = new LinkedHashMap<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private final Map<String, String> labels = new LinkedHashMap<>(Map.of(SidecarImage.IMAGE_LABEL, "busybox"));

        private Builder(String tag) {
            this.tag = Objects.requireNonNull(tag, "tag must not be null");
        }

        /**
         * The static busybox to copy in.
         *
         * @param staticBusybox a statically linked busybox on this machine
         * @return this builder
         */
        Builder from(Path staticBusybox) {
            this.busybox = Objects.requireNonNull(staticBusybox, "staticBusybox must not be null");
            return this;
        }

        /**
         * Where busybox goes in the image, and whether its applets are linked into {@code /bin}.
         *
         * @param path the path in the image
         * @param linkApplets whether to link sh, cat, nc and the rest into {@code /bin}
         * @return this builder
         */
        Builder busyboxAt(String path, boolean linkApplets) {
            this.busyboxInImage = Objects.requireNonNull(path, "path must not be null");
            this.applets = linkApplets;
            return this;
        }

        /**
         * Adds an executable file.
         *
         * @param pathInImage where it goes, such as {@code /peer}
         * @param content its text
         * @return this builder
         */
        Builder file(String pathInImage, String content) {
            files.put(pathInImage, content);
            return this;
        }

        /**
         * The entry point.
         *
         * @param argv the entry point's argv; none for the default of running the command as is
         * @return this builder
         */
        Builder entrypoint(String... argv) {
            this.entrypoint = List.of(argv);
            return this;
        }

        /**
         * The default command.
         *
         * @param argv the command's argv
         * @return this builder
         */
        Builder cmd(String... argv) {
            this.cmd = List.of(argv);
            return this;
        }

        /**
         * Adds an image label; containers inherit it.
         *
         * @param key the label's key
         * @param value its value
         * @return this builder
         */
        Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /**
         * The image.
         *
         * @return the immutable image description
         */
        BusyboxImage build() {
            return new BusyboxImage(this);
        }
    }
}
