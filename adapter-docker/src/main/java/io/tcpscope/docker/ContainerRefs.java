package io.tcpscope.docker;

/**
 * Docker's grammar for container references, checked before a reference reaches the engine. A
 * reference is a container name ({@code node-a}, {@code /node-a}) or a full or short hex id;
 * anything else, such as {@code $(touch /tmp/x)} or {@code ; rm -rf /}, is refused before any call
 * is made. Other engines have other grammars (a Kubernetes pod is {@code namespace/pod}), so core
 * treats references as opaque and each adapter checks its own.
 */
final class ContainerRefs {

    private static final int MAX_LENGTH = 255;

    private ContainerRefs() {
    }

    /** Returns the reference if it can name a Docker container; throws IllegalArgumentException if not. */
    static String require(String reference) {
        if (reference == null) {
            throw new NullPointerException("container must not be null");
        }
        if (!isValid(reference)) {
            throw new IllegalArgumentException("'" + reference + "' is not a container name or id;"
                    + " names are letters, digits and '_', '.', '-', starting with a letter or digit");
        }
        return reference;
    }

    /** Docker's name rule {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, optionally after one {@code /}. */
    static boolean isValid(String reference) {
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
