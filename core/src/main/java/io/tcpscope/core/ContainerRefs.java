package io.tcpscope.core;

/**
 * Checks container references before they reach an engine. A reference is a container name
 * ({@code node-a}, {@code /node-a}) or a full or short hex id; anything else, such as
 * {@code $(touch /tmp/x)} or {@code ; rm -rf /}, is refused before any call is made.
 *
 * <pre>{@code
 * String container = ContainerRefs.require(userInput);
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class ContainerRefs {

    private static final int MAX_LENGTH = 255;

    private ContainerRefs() {
    }

    /**
     * Returns the reference if it can name a container.
     *
     * @param reference a container name or id
     * @return the same reference
     * @throws IllegalArgumentException if it cannot be a container name or id
     * @throws NullPointerException if it is null
     */
    public static String require(String reference) {
        if (reference == null) {
            throw new NullPointerException("container must not be null");
        }
        if (!isValid(reference)) {
            throw new IllegalArgumentException("'" + reference + "' is not a container name or id;"
                    + " names are letters, digits and '_', '.', '-', starting with a letter or digit");
        }
        return reference;
    }

    /**
     * Whether a reference can name a container: Docker's name rule
     * {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, optionally after one {@code /}.
     *
     * @param reference a candidate
     * @return whether it is well formed
     */
    public static boolean isValid(String reference) {
        int start = reference.startsWith("/") ? 1 : 0;
        if (reference.length() <= start || reference.length() > MAX_LENGTH || !isAlnum(reference.charAt(start))) {
            return false;
        }
        for (int i = start + 1; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
