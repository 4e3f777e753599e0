package io.tcpscope.procfs;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PermissionDeniedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One tracing instance of our own under {@code <tracefs>/instances}: its own ring buffer, clock,
 * events and filters, so that no other tracer, and no other subscription, sees or changes them.
 * Every file is written without truncation, one write each, as {@code echo} would.
 */
final class TracingInstance {

    static final String PRIVILEGE = "making a tracing instance needs root, or a tracefs mounted with gid= a group of this user";

    private final Path dir;

    private TracingInstance(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes the instance.
     *
     * @param instances {@code <tracefs>/instances}
     * @param name its name, from {@link InstanceName#next(long)}
     */
    static TracingInstance create(Path instances, String name) {
        Path dir = instances.resolve(name);
        try {
            Files.createDirectory(dir);
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(instances.toString(), PRIVILEGE, e);
        } catch (IOException e) {
            throw failed(name, "making the tracing instance " + dir + " failed (" + reason(e) + ");"
                    + " check that tracefs is mounted read-write at " + instances.getParent());
        }
        return new TracingInstance(dir);
    }

    /**
     * Sets the clock and buffer, filters and enables the events, and turns tracing on.
     *
     * @param bufferKb the ring buffer per CPU, in KiB
     * @param filter the filter for each event, from {@link PortFilter}
     */
    void configure(int bufferKb, String filter) {
        write("trace_clock", "mono");
        write("buffer_size_kb", Integer.toString(bufferKb));
        for (String event : TracefsAccess.EVENTS) {
            write("events/" + event + "/filter", filter);
            write("events/" + event + "/enable", "1");
        }
        write("tracing_on", "1");
    }

    /** Writes a line to the instance's {@code trace_marker}, which its {@code trace_pipe} then shows in order. */
    void mark(String text) {
        write("trace_marker", text);
    }

    /** {@return the instance's {@code trace_pipe}} */
    Path pipe() {
        return dir.resolve("trace_pipe");
    }

    /** {@return the instance's directory} */
    Path dir() {
        return dir;
    }

    /** {@return its name} */
    String name() {
        return dir.getFileName().toString();
    }

    /** {@return how many events the kernel lost: the sum of each CPU's {@code overrun} and {@code dropped events}} */
    long overruns() {
        long lost = 0;
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(dir.resolve("per_cpu"), "cpu*")) {
            for (Path cpu : cpus) {
                for (String line : Files.readAllLines(cpu.resolve("stats"), StandardCharsets.US_ASCII)) {
                    if (line.startsWith("overrun:") || line.startsWith("dropped events:")) {
                        lost += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw failed(name(), "reading " + dir.resolve("per_cpu") + " failed (" + reason(e)
                    + "); the instance may have been removed by hand");
        }
        return lost;
    }

    /** Stops recording, best effort: the instance is removed next, which stops it anyway. */
    void disable() {
        for (String file : List.of("tracing_on", "events/enable")) {
            try {
                write(file, "0");
            } catch (RuntimeException e) {
                // removing the instance turns everything off as well
            }
        }
    }

    /**
     * Removes the instance, trying again for a while: the kernel refuses while a file of it is
     * still open, such as a {@code trace_pipe} whose reader is leaving.
     *
     * @param attempts how many times to try, 20 ms apart
     * @return whether it is gone
     */
    boolean remove(int attempts) {
        for (int i = 0; i < attempts; i++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !Files.exists(dir);
    }

    private void write(String file, String value) {
        Path path = dir.resolve(file);
        try {
            Files.write(path, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(path.toString(), PRIVILEGE, e);
        } catch (NoSuchFileException e) {
            throw failed(name(), path + " is missing; the instance was removed, or this kernel lacks the file");
        } catch (IOException e) {
            String log = errorLog();
            throw failed(name(), "writing '" + value + "' to " + path + " failed (" + reason(e) + ")"
                    + (log.isEmpty() ? "" : ": " + log) + "; check the kernel's tracing support");
        }
    }

    /** The last error the kernel logged for this instance, in one line, or "" when there is none. */
    private String errorLog() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("error_log"), StandardCharsets.ISO_8859_1);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (line.startsWith("[")) {
                    String error = line.substring(line.indexOf(']') + 1).strip();
                    if (i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("Command:")) {
                        error += " (" + lines.get(i + 1).strip() + ")";
                    }
                    return error;
                }
            }
        } catch (IOException e) {
            // no error_log on this kernel
        }
        return "";
    }

    static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    static InspectionFailedException failed(String instance, String advice) {
        return InspectionFailedException.of("the kernel's TCP events (tracefs instance " + instance + ")", advice);
    }
}
