package io.tcpscope.core;

/**
 * A socket listing that could not be read. It names the format, the 1-based line number and the
 * line, so that the offending text can be found in a captured listing.
 *
 * <p>The parsers throw nothing else: no {@code NumberFormatException} or index exception escapes.
 *
 * @since 0.1.0
 */
public final class ListingParseException extends TcpscopeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN = 160;

    /** The format being read, or {@code null} when no format could be recognised. */
    private final ListingFormat format;
    private final int lineNumber;
    private final String line;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param format the format being read, or {@code null} if none was recognised
     * @param lineNumber the 1-based line number
     * @param line the line's text
     * @param problem what is wrong and, where it helps, what to do
     */
    public ListingParseException(ListingFormat format, int lineNumber, String line, String problem) {
        super((format == null ? "socket listing" : format.displayName() + " listing") + ", line " + lineNumber
                + ": " + shorten(problem) + ": '" + shorten(line) + "'");
        this.format = format;
        this.lineNumber = lineNumber;
        this.line = line;
        this.problem = problem;
    }

    /**
     * The format being read.
     *
     * @return the format, or {@code null} when auto-detection recognised none
     */
    public ListingFormat format() {
        return format;
    }

    /**
     * The 1-based number of the line that failed.
     *
     * @return the line number
     */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * The text of the line that failed, in full.
     *
     * @return the line
     */
    public String line() {
        return line;
    }

    /**
     * What is wrong with the line, without the format and line prefix.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }

    private static String shorten(String text) {
        return Shortened.of(text, MAX_SHOWN);
    }
}
