package io.tcpscope.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a {@code /proc} hides other users' processes from this one: mounted with {@code hidepid}
 * ({@code 1}/{@code noaccess}, {@code 2}/{@code invisible}, {@code 4}/{@code ptraceable}), a reader
 * that is neither root nor in the mount's {@code gid=} group sees no other user's process, or cannot
 * open it. A PID that is not there may then be a running container's all the same, so its absence
 * says nothing of the container, nor of where the engine runs.
 *
 * <p>Decided from what this process sees: the mount's options in {@code <procRoot>/self/mountinfo},
 * and whether PID 1, which every PID namespace has and which is root's, is visible and readable. A
 * proc root that is not a mount (a directory laid out like one, in tests) hides nothing.
 *
 * <p>Thread-safe: stateless but for its proc root.
 */
final class HiddenProcesses {

    private final Path procRoot;

    HiddenProcesses(Path procRoot) {
        this.procRoot = procRoot;
    }

    /**
     * The {@code hidepid} option that hides other users' processes from this one.
     *
     * @return the option as the mount shows it, such as {@code hidepid=invisible}; {@code null} if the
     *     proc root shows this process other users' processes (no {@code hidepid}, or a privileged reader)
     */
    String hiding() {
        String option = hidepidOption();
        if (option == null) {
            return null;
        }
        Path init = procRoot.resolve("1");
        boolean seesInit = Files.isDirectory(init) && Files.isReadable(init.resolve("cgroup"));
        return seesInit ? null : option;
    }

    /** The hidepid option of the proc root's mount, unless it is 0/off; {@code null} if none or not a mount. */
    String hidepidOption() {
        List<String> lines;
        try {
            lines = Files.readAllLines(procRoot.resolve("self").resolve("mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String mountPoint = mountPoint();
        String option = null;
        for (String line : lines) {
            String found = hidepidOf(line, mountPoint);
            if (found != null) {
                option = found; // the last mount on a point is the one that shows
            }
        }
        return option == null || option.equals("hidepid=0") || option.equals("hidepid=off") ? null : option;
    }

    /**
     * The {@code hidepid} option of a {@code mountinfo} line that mounts a proc at the mount point:
     * {@code id parent major:minor root mount-point options [optional...] - type source super-options}.
     *
     * @return {@code hidepid=...}, {@code hidepid=0} for a proc mount without it, or {@code null} if the
     *     line is not a proc mounted there
     */
    static String hidepidOf(String line, String mountPoint) {
        String[] fields = line.split(" ");
        int dash = List.of(fields).indexOf("-");
        if (fields.length < 5 || dash < 6 || fields.length < dash + 4 || !"proc".equals(fields[dash + 1])
                || !unescape(fields[4]).equals(mountPoint)) {
            return null;
        }
        for (String option : fields[dash + 3].split(",")) {
            if (option.startsWith("hidepid=")) {
                return option;
            }
        }
        return "hidepid=0";
    }

    private String mountPoint() {
        try {
            return procRoot.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return procRoot.toAbsolutePath().normalize().toString();
        }
    }

    /** mountinfo writes a space, tab, newline and backslash in a path as octal escapes: {@code \040}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
