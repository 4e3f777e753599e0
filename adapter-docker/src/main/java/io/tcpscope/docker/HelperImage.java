package io.tcpscope.docker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a helper image holds: a busybox, a few files, an entry point and labels. It is built
 * {@code FROM} the {@linkplain HelperBase base image}, or, offline, {@code FROM scratch} around
 * the host's static busybox ({@link ImageSource}); either way its tag carries a hash of all it
 * holds, the base's id included, so that an image built from other files or another base is
 * never taken for it.
 *
 * <pre>{@code
 * String image = HelperImage.builder("tcpscope/peer:3")
 *         .file("/peer", peerScript)
 *         .entrypoint("/peer")
 *         .build()
 *         .ensure(engine);     // tcpscope/peer:3-1f0c9e2d4b7a, built once per engine
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
final class HelperImage {

    /** The label that holds an image's whole hash, which its tag holds the start of. */
    static final String HASH_LABEL = "io.tcpscope.image.hash";
    /** Where the base keeps busybox, its applets beside it in {@code /bin}. */
    static final String BASE_BUSYBOX = "/bin/busybox";
    private static final int TAG_HASH_LENGTH = 12;

    private final String name;
    private final String busyboxPath;
    private final boolean applets;
    private final Map<String, String> files;
    private final List<String> entrypoint;
    private final List<String> cmd;
    private final Map<String, String> labels;

    private HelperImage(Builder b) {
        this.name = b.name;
        this.busyboxPath = b.busyboxPath;
        this.applets = b.applets;
        this.files = Map.copyOf(b.files);
        this.entrypoint = b.entrypoint;
        this.cmd = b.cmd;
        this.labels = Map.copyOf(b.labels);
    }

    /**
     * Starts describing an image.
     *
     * @param name its repository, such as {@code tcpscope/peer}, optionally with a tag that the
     *     hash is appended to, such as {@code tcpscope/peer:3}
     * @return a builder: busybox at {@code /bin/busybox} with every applet in {@code /bin}
     */
    static Builder builder(String name) {
        return new Builder(name);
    }

    /** The repository and tag prefix it was described with. */
    String name() {
        return name;
    }

    /**
     * Makes sure the engine has this image, built from its base or the host's busybox.
     *
     * @param engine the engine
     * @return the image's reference, its tag ending in a hash of what it holds
     * @throws io.tcpscope.core.ImageUnavailableException if there is nothing to build it from
     */
    String ensure(DockerEngine engine) {
        return engine.parts().helperImages().ensure(this);
    }

    /** The tag of the image built from a source with the given hash. */
    String reference(String hash) {
        String shortHash = hash.substring(0, TAG_HASH_LENGTH);
        int slash = name.lastIndexOf('/');
        return name.indexOf(':', slash + 1) >= 0 ? name + "-" + shortHash : name + ":" + shortHash;
    }

    /** The SHA-256, in hex, of everything the image built from a source holds. */
    String hash(ImageSource source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((source.identity() + "\n" + dockerfile(source)).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> file : sortedFiles().entrySet()) {
                sha.update(("\0" + file.getKey() + "\0" + file.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The files to add, by the name they have in the build context. */
    Map<String, String> contextFiles() {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (String content : sortedFiles().values()) {
            out.put("file" + i++, content);
        }
        return out;
    }

    /**
     * The Dockerfile of this image on a source, without its hash label.
     *
     * @param source what it is built from
     * @return the Dockerfile's text
     */
    String dockerfile(ImageSource source) {
        StringBuilder out = new StringBuilder();
        if (source.isImage() && applets && busyboxPath.equals(BASE_BUSYBOX)) {
            out.append("FROM ").append(source.pinned()).append('\n');
        } else if (source.isImage()) {
            out.append("FROM ").append(source.pinned()).append(" AS base\nFROM scratch\nCOPY --from=base ")
                    .append(BASE_BUSYBOX).append(' ').append(busyboxPath).append('\n');
        } else {
            out.append("FROM scratch\nCOPY busybox ").append(busyboxPath).append('\n');
        }
        if (applets && !(source.isImage() && busyboxPath.equals(BASE_BUSYBOX))) {
            out.append("RUN [\"").append(busyboxPath).append("\", \"--install\", \"-s\", \"/bin\"]\n");
        }
        int i = 0;
        for (String path : sortedFiles().keySet()) {
            out.append("COPY file").append(i++).append(' ').append(path).append('\n');
        }
        if (!labels.isEmpty()) {
            out.append("LABEL ").append(new java.util.TreeMap<>(labels).entrySet().stream()
                    .map(e -> json(e.getKey()) + "=" + json(e.getValue())).collect(Collectors.joining(" "))).append('\n');
        }
        out.append("ENTRYPOINT ").append(jsonArray(entrypoint)).append('\n');
        if (!cmd.isEmpty()) {
            out.append("CMD ").append(jsonArray(cmd)).append('\n');
        }
        return out.toString();
    }

    /** The Dockerfile with the label that names its hash, as it is built. */
    String dockerfileWithHash(ImageSource source, String hash) {
        return dockerfile(source) + "LABEL " + json(HASH_LABEL) + "=" + json(hash) + "\n";
    }

    private Map<String, String> sortedFiles() {
        return new java.util.TreeMap<>(files);
    }

    private static String jsonArray(List<String> items) {
        return items.stream().map(HelperImage::json).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return name;
    }

    /** Describes a {@link HelperImage}. Not thread-safe; build it, then share the image. */
    static final class Builder {
        private final String name;
        private String busyboxPath = BASE_BUSYBOX;
        private boolean applets = true;
        private final Map<String, String> files = new LinkedHashMap<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private final Map<String, String> labels = new LinkedHashMap<>(Map.of(SidecarImage.IMAGE_LABEL, "busybox"));

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name must not be null");
        }

        /**
         * Only the busybox binary, at a path of its own, and no applets: an image without tools.
         *
         * @param path where busybox goes in the image
         * @return this builder
         */
        Builder onlyBusyboxAt(String path) {
            this.busyboxPath = Objects.requireNonNull(path, "path must not be null");
            this.applets = false;
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
        HelperImage build() {
            return new HelperImage(this);
        }
    }
}
