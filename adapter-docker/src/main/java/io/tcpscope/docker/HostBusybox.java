package io.tcpscope.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A static busybox on this machine, the helper images' offline source: whether it can serve an
 * engine (it is a regular, readable file, and an ELF binary for the engine's architecture, read
 * from its header's {@code e_machine}), and its digest.
 *
 * <p>Thread-safe: stateless.
 */
final class HostBusybox {

    /** ELF {@code e_machine} values, by the architecture's name as an engine gives it. */
    private static final Map<Integer, String> MACHINES = Map.of(62, "amd64", 183, "arm64", 40, "arm", 3, "386",
            243, "riscv64", 21, "ppc64le", 22, "s390x");

    private HostBusybox() {
    }

    /**
     * Why the file cannot serve as the engine's busybox, if it cannot.
     *
     * @param busybox the file
     * @param platform the engine's platform, such as {@code linux/arm64}, or {@code null} if unknown
     * @return the reason, or empty if it can serve
     */
    static Optional<String> unusable(Path busybox, String platform) {
        if (!Files.isRegularFile(busybox)) {
            return Optional.of("there is no static busybox at " + busybox);
        }
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(busybox)) {
            if (in.readNBytes(header, 0, header.length) < header.length || header[0] != 0x7f || header[1] != 'E'
                    || header[2] != 'L' || header[3] != 'F') {
                return Optional.of(busybox + " is not an ELF binary");
            }
        } catch (IOException e) {
            return Optional.of("the busybox at " + busybox + " cannot be read (" + e.getMessage() + ")");
        }
        boolean littleEndian = header[5] == 1;
        int machine = littleEndian ? (header[18] & 0xff) | (header[19] & 0xff) << 8 : (header[19] & 0xff) | (header[18] & 0xff) << 8;
        String arch = MACHINES.get(machine);
        if (platform != null && arch != null && !platform.endsWith("/" + arch)) {
            return Optional.of("the static busybox at " + busybox + " is for " + arch + ", not for the engine's " + platform);
        }
        return Optional.empty();
    }

    /** The SHA-256 of the file, in hex. */
    static String sha256(Path busybox) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(busybox), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
