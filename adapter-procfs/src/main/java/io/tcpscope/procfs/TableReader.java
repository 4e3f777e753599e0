package io.tcpscope.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a {@code /proc} table in one pass into a buffer that grows to fit, up to a cap: the kernel
 * reports the file's size as 0, so it cannot be known up front, and a namespace with very many
 * sockets (or a proc root that is not the kernel's) must not exhaust the heap. The size last seen
 * of each file is its next first guess; tables of different namespaces differ by orders of
 * magnitude, so one guess for all would make every small read pay for the largest.
 *
 * <p>Only regular files are read. The kernel's tables are regular files; a FIFO or a device put in
 * their place could block the open for ever, and a symbolic link could point anywhere. A read of a
 * regular {@code /proc} file does not block: the kernel writes the table as it is read.
 *
 * <p>Thread-safe.
 */
final class TableReader {

    /** The first guess, and the smallest buffer. */
    static final int MIN_CAPACITY = 16 * 1024;

    /** The largest cap: past it a buffer would need more than an array can hold, and no table is that large. */
    static final long MAX_LIMIT = 1L << 30;

    /** How many files' sizes are remembered at most; past that the memory starts afresh. */
    static final int GUESSES = 4096;

    /** The file held more than the cap. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(Path file) {
            super(file.toString());
        }
    }

    /** The file is not a regular file: what it is, for the message. */
    static final class NotATable extends IOException {
        private static final long serialVersionUID = 1L;

        NotATable(String what) {
            super(what);
        }
    }

    private final long limit;
    private final Map<Path, Integer> guesses = new ConcurrentHashMap<>();

    /** A reader with the default cap, 64 MiB. */
    TableReader() {
        this(ProcfsInspector.DEFAULT_OUTPUT_LIMIT);
    }

    /**
     * A reader with a cap.
     *
     * @param limit the most bytes a file may hold, from 1 to {@link #MAX_LIMIT}
     */
    TableReader(long limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("the output limit is from 1 to " + MAX_LIMIT + " bytes, not " + limit);
        }
        this.limit = limit;
    }

    /** The cap. */
    long limit() {
        return limit;
    }

    /**
     * Reads a file whole.
     *
     * @throws TooLarge if it holds more than the cap
     * @throws NotATable if it is a symbolic link, a FIFO, a device or a directory
     * @throws IOException if it cannot be read
     */
    ByteBuffer read(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new NotATable(file + " is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw new NotATable(file + " is not a regular file");
        }
        // limit + 1 bytes at most: one byte past the cap tells a file of exactly the cap from a larger one
        long most = limit + 1;
        Integer last = guesses.get(file);
        long guess = last == null ? MIN_CAPACITY : Math.max(MIN_CAPACITY, last + (long) last / 4);
        byte[] buffer = new byte[(int) Math.min(most, guess)];
        int length = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                if (length == buffer.length) {
                    if (length >= most) {
                        throw new TooLarge(file);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(most, 2L * buffer.length));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        }
        if (length > limit) {
            throw new TooLarge(file);
        }
        if (guesses.size() >= GUESSES && !guesses.containsKey(file)) {
            guesses.clear();
        }
        guesses.put(file, length);
        return ByteBuffer.wrap(buffer, 0, length);
    }
}
