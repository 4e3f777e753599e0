package io.tcpscope.docker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What tcpscope's helper images are built from on an engine: the {@linkplain HelperBase base
 * image}, which the engine has (pulled for its platform), or, where it could not be pulled, a
 * static busybox on this machine.
 *
 * @param baseImage the base's reference as the engine names it, or {@code null} for a host busybox
 * @param baseId the base's image id, or {@code null} for a host busybox
 * @param busybox the host's static busybox, or {@code null} for a base image
 * @param busyboxDigest the SHA-256 of the host's busybox, or {@code null} for a base image
 */
record ImageSource(String baseImage, String baseId, Path busybox, String busyboxDigest) {

    /** The repository of the tags that pin a base's id. */
    static final String PIN_REPOSITORY = "tcpscope/base";

    ImageSource {
        if ((baseImage == null) == (busybox == null) || (baseImage == null) != (baseId == null)
                || (busybox == null) != (busyboxDigest == null)) {
            throw new IllegalArgumentException("a source is a base image and its id, or a busybox and its digest");
        }
    }

    /** A base image the engine has. */
    static ImageSource image(String reference, String id) {
        return new ImageSource(Objects.requireNonNull(reference), Objects.requireNonNull(id), null, null);
    }

    /** A static busybox on this machine. */
    static ImageSource hostBusybox(Path busybox, String sha256) {
        return new ImageSource(null, null, Objects.requireNonNull(busybox), Objects.requireNonNull(sha256));
    }

    boolean isImage() {
        return baseImage != null;
    }

    /**
     * The name the helpers are built {@code FROM}: a tag of tcpscope's own on the base's id, which
     * no later pull of the base's tag (another architecture, a newer image) can move.
     */
    String pinned() {
        return PIN_REPOSITORY + ":" + pinTag();
    }

    /** The tag of {@link #pinned()}: the first 12 hex digits of the base's id. */
    String pinTag() {
        String hex = baseId.substring(baseId.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** What makes two sources hold the same: the base's id, or the busybox's digest. */
    String identity() {
        return isImage() ? "image " + baseId : "busybox sha256:" + busyboxDigest;
    }

    @Override
    public String toString() {
        return isImage() ? "'" + baseImage + "' (" + baseId + ")" : busybox + " on this machine";
    }
}
