package io.tcpscope.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal a screen is drawn on: its size, and the ANSI sequences that draw and restore it.
 *
 * <p>The size is asked of the terminal itself with {@code stty size} (its standard input being
 * {@code /dev/tty}), so that a resize shows at the next screen; without a terminal, {@code COLUMNS}
 * and {@code LINES} are used if set, else 80x24. No native library is needed.
 *
 * <p>Thread-safe.
 */
final class Terminal {

    /** Moves the cursor home, without clearing: each line clears its own end, so the screen does not flicker. */
    static final String HOME = "\033[H";
    /** Clears from the cursor to the end of the line. */
    static final String CLEAR_LINE = "\033[K";
    /** Clears from the cursor to the end of the screen. */
    static final String CLEAR_BELOW = "\033[J";
    /** Clears the whole screen. */
    static final String CLEAR = "\033[2J";
    /** Hides the cursor while the screen is redrawn. */
    static final String HIDE_CURSOR = "\033[?25l";
    /** Shows the cursor and resets colours and attributes: what a terminal is given back with. */
    static final String RESTORE = "\033[0m\033[?25h";

    /** The size when nothing tells it. */
    static final Size FALLBACK = new Size(80, 24);

    private static final Pattern STTY = Pattern.compile("\\s*(\\d+)\\s+(\\d+)\\s*");
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final Supplier<String> stty;
    private final Map<String, String> env;
    private Size size;
    private long checkedAt;

    /** A terminal's width and height, in characters. */
    record Size(int columns, int lines) {
    }

    Terminal(Supplier<String> stty, Map<String, String> env) {
        this.stty = stty;
        this.env = env;
    }

    /** The terminal this process runs in. */
    static Terminal current() {
        return new Terminal(Terminal::sttySize, System.getenv());
    }

    /** {@return the size, asked again at most once a second} */
    synchronized Size size() {
        long now = System.nanoTime();
        if (size == null || now - checkedAt >= RECHECK.toNanos()) {
            size = detect(stty.get(), env);
            checkedAt = now;
        }
        return size;
    }

    /**
     * The size from {@code stty size}'s answer ({@code "rows columns"}), else from {@code COLUMNS}
     * and {@code LINES}, else 80x24.
     *
     * @param sttyAnswer what {@code stty size} printed, or {@code null} if it could not run
     * @param env the environment
     * @return the size
     */
    static Size detect(String sttyAnswer, Map<String, String> env) {
        if (sttyAnswer != null) {
            Matcher m = STTY.matcher(sttyAnswer);
            if (m.matches()) {
                Size size = sized(m.group(2), m.group(1));
                if (size != null) {
                    return size;
                }
            }
        }
        Size fromEnv = sized(env.get("COLUMNS"), env.get("LINES"));
        return fromEnv != null ? fromEnv : FALLBACK;
    }

    private static Size sized(String columns, String lines) {
        if (columns == null || lines == null || !columns.matches("\\d{1,5}") || !lines.matches("\\d{1,5}")) {
            return null;
        }
        int c = Integer.parseInt(columns);
        int l = Integer.parseInt(lines);
        return c > 0 && l > 0 ? new Size(c, l) : null; // a pty that was never sized says 0 0
    }

    /**
     * Whether this process's stdout is a terminal: {@link System#console()} says so when stdin is
     * one too; else, on Linux, what {@code /proc/self/fd/1} links to ({@code /dev/pts/N} or
     * {@code /dev/ttyN}). A pipe or a file is not.
     *
     * @return whether stdout is a terminal
     */
    static boolean stdoutIsTerminal() {
        if (System.console() != null) {
            return true;
        }
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no /proc: say no, and draw no screen
        }
    }

    /** Whether a device path names a terminal. */
    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.matches("/dev/tty[0-9A-Za-z]*") || path.equals("/dev/console");
    }

    /** Runs {@code stty size} on the controlling terminal; {@code null} if there is none. */
    private static String sttySize() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return null;
            }
            return stty.exitValue() == 0 ? answer : null;
        } catch (IOException e) {
            return null; // no controlling terminal, or no stty
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
