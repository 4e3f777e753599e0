package io.tcpscope.docker;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry[:port]/]path[:tag][@digest]}, as the distribution
 * project's grammar has it: checked before it reaches an engine, and split the way the engine's
 * pull wants it (a repository, and a tag or a digest).
 */
record ImageRef(String repository, String tag, String digest) {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+])(?::[0-9]{1,5})?";
    private static final Pattern GRAMMAR = Pattern.compile("((?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*)"
            + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
            + "(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?");

    ImageRef {
        Objects.requireNonNull(repository, "repository must not be null");
    }

    /**
     * Parses a reference.
     *
     * @param text the reference
     * @param origin where it came from, for the message
     * @throws IllegalArgumentException if it is not one
     */
    static ImageRef parse(String text, String origin) {
        Matcher m = GRAMMAR.matcher(text);
        if (text.length() > 512 || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' (" + origin + ") is not an image reference;"
                    + " write [registry/]name[:tag][@digest], such as " + HelperBase.DEFAULT_IMAGE);
        }
        return new ImageRef(m.group(1), m.group(2), m.group(3));
    }

    /** The reference as written, normalised to no spaces. */
    String reference() {
        return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** How the engine names the image once it has it: by digest when one is written, else by tag. */
    String local() {
        return digest != null ? repository + "@" + digest : repository + ":" + (tag == null ? "latest" : tag);
    }

    /** What a pull names as the image: the repository, with the digest when there is one. */
    String pullRepository() {
        return digest == null ? repository : repository + "@" + digest;
    }

    /** What a pull names as the tag: none beside a digest, {@code latest} when none is written. */
    String pullTag() {
        return digest != null ? null : tag == null ? "latest" : tag;
    }

    @Override
    public String toString() {
        return reference();
    }
}
