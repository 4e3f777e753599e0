package io.tcpscope.core.spi;

import java.util.Objects;

/**
 * The one rule for when a reference a caller gave may be remembered as a container's id, so that
 * a cache of resolved containers (PIDs, namespaces, addresses) never keeps a name as if it were an
 * id. A name can pass to another container ({@code docker rename}, then a new container with the
 * name), and a short name such as {@code db}, {@code 1} or {@code cafe} can be a name that some
 * container's id happens to start with; an id never names another container.
 *
 * <p>A reference is an id of a container when it is that container's full id, or a prefix of it at
 * least as long as the short id {@code docker ps} shows ({@value #SHORT_ID} hex digits), and it is
 * not also the container's name.
 *
 * <pre>{@code
 * ContainerReferences.isIdOf("3f2a1b2c3d4e", "3f2a1b2c3d4e5f…", "node-a");   // true
 * ContainerReferences.isIdOf("cafe", "cafe01…", "node-a");                    // false: too short
 * ContainerReferences.isIdOf("node-a", "3f2a1b2c3d4e5f…", "node-a");          // false: a name
 * }</pre>
 *
 * @since 0.2.0
 */
public final class ContainerReferences {

    /** How many hex digits the shortest id a cache may keep has: the short id {@code docker ps} shows. */
    public static final int SHORT_ID = 12;

    private ContainerReferences() {
    }

    /**
     * Whether a reference is the given container's id, and so may be remembered as naming it.
     *
     * @param reference what the caller gave, with or without a leading {@code /}
     * @param id the container's full id, as its engine gave it; {@code null} if unknown
     * @param name the container's name, with or without a leading {@code /}; {@code null} if unknown
     * @return {@code true} only if the reference is the full id, or a hex prefix of it of at least
     *     {@value #SHORT_ID} digits, and is not the container's name
     */
    public static boolean isIdOf(String reference, String id, String name) {
        Objects.requireNonNull(reference, "reference must not be null");
        if (id == null || reference.startsWith("/")) {
            return false;
        }
        if (name != null && bare(name).equals(reference)) {
            return false;
        }
        if (reference.equals(id)) {
            return true;
        }
        return reference.length() >= SHORT_ID && isLowerHex(reference) && id.startsWith(reference);
    }

    private static String bare(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
