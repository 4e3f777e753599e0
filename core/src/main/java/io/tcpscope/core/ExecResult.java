package io.tcpscope.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a command in a container ended: its exit code and everything it wrote.
 *
 * <pre>{@code
 * ExecResult r = executor.execute("node-a", List.of("ss", "-tanH"), Duration.ofSeconds(10));
 * if (r.exitCode() == 0) { Listings.parse(ListingFormat.SS, r.stdout()); }
 * }</pre>
 *
 * <p>Immutable and thread-safe: the byte arrays are copied in and never handed out.
 *
 * @since 0.1.0
 */
public final class ExecResult {

    private final int exitCode;
    private final byte[] stdout;
    private final byte[] stderr;

    /**
     * Creates a result.
     *
     * @param exitCode the exit code
     * @param stdout the bytes written to stdout; copied
     * @param stderr the bytes written to stderr; copied
     */
    public ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
        this.exitCode = exitCode;
        this.stdout = Objects.requireNonNull(stdout, "stdout must not be null").clone();
        this.stderr = Objects.requireNonNull(stderr, "stderr must not be null").clone();
    }

    /**
     * Creates a result from text, encoded as UTF-8.
     *
     * @param exitCode the exit code
     * @param stdout the stdout text
     * @param stderr the stderr text
     * @return the result
     */
    public static ExecResult of(int exitCode, String stdout, String stderr) {
        return new ExecResult(exitCode, stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The exit code.
     *
     * @return the code the command exited with
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The stdout bytes, for parsers that read bytes.
     *
     * @return a read-only view
     */
    public ByteBuffer stdout() {
        return ByteBuffer.wrap(stdout).asReadOnlyBuffer();
    }

    /**
     * The stdout, decoded as UTF-8.
     *
     * @return the text
     */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /**
     * The stderr, decoded as UTF-8.
     *
     * @return the text
     */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ExecResult[exitCode=" + exitCode + ", stdout=" + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
    }
}
