package io.tcpscope.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a {@code /proc} table in one pass into a buffer that grows to fit: the kernel reports the
 * file's size as 0, so it cannot be known up front. The last size seen is the next first guess.
 */
final class TableReader {

    private static final int MIN_CAPACITY = 16 * 1024;

    private volatile int lastSize = MIN_CAPACITY;

    ByteBuffer read(Path file) throws IOException {
        byte[] buffer = new byte[Math.max(MIN_CAPACITY, lastSize + lastSize / 4)];
        int length = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
        }
        lastSize = length;
        return ByteBuffer.wrap(buffer, 0, length);
    }
}
