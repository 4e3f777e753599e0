package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The conversation with the reader helper over its attached stdin and stdout: requests go out one
 * line each, and the helper answers them in order, each answer framed by marker lines that no
 * table row can look like. Requests from many threads are pipelined on the one stream, so a
 * snapshot of N containers costs one round trip, not N.
 *
 * <p>A request is {@code <tag> <pid> <container id> <start tick>}, the last {@code 0} when any
 * process will do. Its answer is {@code @<tag> tcp}, the process's {@code /proc/<pid>/net/tcp}
 * followed by its {@code tcp6} where the namespace has IPv6 (each with its header line, which the
 * parser takes anywhere), and last {@code @<tag> end ok <start tick>} when, before and after the
 * read, the process's cgroup was the container's own (a line's path ends in the id as a path
 * element: {@code /docker/<id>}, {@code docker-<id>.scope}, Podman's {@code libpod-<id>.scope} and
 * its {@code /container}, or, with Podman's cgroupfs manager, {@code /libpod_parent/libpod-<id>}) and the process started at the same tick (field 22 of its
 * {@code stat}), the one asked for if one was; else {@code @<tag> end gone}, or {@code denied}
 * where the process exists but its cgroup may not be read, or {@code bad} for a malformed request.
 * The start tick rules out a PID that passed to another process since it was first read.
 *
 * <p>Thread-safe. Also the attach call's callback, which docker-java feeds from its own thread.
 */
final class ReaderStream extends ResultCallback.Adapter<Frame> {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderStream.class);
    /** No row of a table is near this long; a longer line means the stream is not what it should be. */
    private static final int MAX_LINE = 64 * 1024;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    /** The script the helper runs: the other end of this conversation. */
    static final String SCRIPT = """
            #!/bin/sh
            # tcpscope's reader. Each request is a line "<tag> <pid> <container id>"; see ReaderStream.
            # $PROC is /proc, but for tests. Every check is the shell's own: no fork.
            proc=${PROC:-/proc}
            # Whether process $1's cgroup is container $2's own: a line's path (after "<n>:<controllers>:")
            # ends in the id as a path element, bare (/docker/<id>) or a scope (docker-<id>.scope,
            # libpod-<id>.scope), or Podman's libpod-<id>.scope/container, or its libpod-<id> (cgroupfs). A container's id above
            # another cgroup (Docker in Docker) or inside a longer element is not its own.
            owns() {
              while IFS= read -r group; do
                case "${group#*:*:}" in
                  */"$2"|*/libpod-"$2"|*/*-"$2".scope|*/*-"$2".scope/container) return 0 ;;
                esac
              done < "$proc/$1/cgroup"
              return 1
            } 2>/dev/null
            # Field 22 of process $1's stat, when it started in ticks since boot, into $start; the
            # fields are counted after the last ")", since the name may hold any.
            started() {
              start=
              read -r line < "$proc/$1/stat" || return 1
              set -- ${line##*)}
              [ $# -ge 20 ] || return 1
              shift 19
              case "$1" in ''|*[!0-9]*) return 1 ;; esac
              start=$1
            } 2>/dev/null
            # Whether process $1 is container $2's, started at tick $3 (any if 0), into $start.
            is() {
              owns "$1" "$2" && started "$1" && { [ "$3" = 0 ] || [ "$start" = "$3" ]; }
            }
            while read -r tag pid id want; do
              state=gone
              case "$tag:$pid:$id:$want" in
                *[!0-9a-f:]*|:*|*::*|*:) state=bad ;;
                *)
                  case "$pid$want" in
                    *[!0-9]*) state=bad ;;
                    *)
                      if is "$pid" "$id" "$want"; then
                        first=$start
                        echo "@$tag tcp"
                        # one cat for both tables: a process per file would cost more than the reads
                        set -- "$proc/$pid/net/tcp"
                        [ -e "$proc/$pid/net/tcp6" ] && set -- "$@" "$proc/$pid/net/tcp6"
                        if cat "$@" 2>/dev/null; then
                          is "$pid" "$id" "$first" && state="ok $first"
                        fi
                      elif [ -e "$proc/$pid" ] && [ ! -r "$proc/$pid/cgroup" ]; then
                        state=denied
                      fi ;;
                  esac ;;
              esac
              echo "@$tag end $state"
            done
            """;

    /** How long closing waits for docker-java's copy of stdin to end. */
    private static final long STDIN_END_MILLIS = 1000;

    private final ReaderStdin requests = new ReaderStdin();
    private final long outputLimit;
    private final Deque<Answer> pending = new ArrayDeque<>();
    /** Held while a request is queued and written, so that lines go out in the order of the queue. */
    private final Object writing = new Object();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long nextTag = 1;
    private String ended;
    /** Counted down when the engine has attached, or the attach failed. */
    private final CountDownLatch attached = new CountDownLatch(1);
    private volatile RuntimeException attachFailure;

    ReaderStream(long outputLimit) {
        this.outputLimit = outputLimit;
    }

    /** What docker-java copies to the helper's stdin, on a thread of its own. */
    InputStream stdin() {
        return requests;
    }

    /**
     * Whether a request can be made of these: a positive PID and a container's full id, 64 hex
     * digits. Anything else would be another request, or none, on the helper's side.
     */
    static boolean isRequest(long pid, String containerId) {
        return pid > 0 && containerId != null && ID.matcher(containerId).matches();
    }

    /** Sends a request for whatever process has the PID: see {@link #request(long, String, long)}. */
    CompletableFuture<Answer> request(long pid, String containerId) {
        return request(pid, containerId, 0);
    }

    /**
     * Sends a request. It never blocks on I/O, and a caller's interrupt does not touch the stream.
     *
     * @param pid the process, in the engine's PID namespace
     * @param containerId the id its cgroup must name
     * @param startTicks the tick the process must have started at, as an earlier answer gave it; 0 for any
     * @return the answer, when it has arrived; it fails with {@link ReaderEndedException} if the stream ends first
     * @throws IllegalArgumentException unless {@link #isRequest}, which callers check first
     */
    CompletableFuture<Answer> request(long pid, String containerId, long startTicks) {
        if (!isRequest(pid, containerId) || startTicks < 0) {
            throw new IllegalArgumentException("a reader request takes a positive PID, a 64-digit hex container id"
                    + " and a start tick, not " + pid + ", '" + containerId + "' and " + startTicks);
        }
        synchronized (writing) {
            Answer answer;
            synchronized (pending) {
                if (ended != null) {
                    return CompletableFuture.failedFuture(new ReaderEndedException(ended));
                }
                answer = new Answer(Long.toString(nextTag++), outputLimit);
                pending.addLast(answer);
            }
            // Queued in memory, never blocking: the copier thread takes it to the engine.
            if (!requests.write(answer.tag + " " + pid + " " + containerId + " " + startTicks + "\n")) {
                end("its stdin was closed");
            }
            return answer.done;
        }
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        if (frame.getStreamType() == StreamType.STDERR) {
            LOG.debug("reader helper: {}", new String(payload, StandardCharsets.UTF_8).strip());
            return;
        }
        synchronized (pending) {
            for (byte b : payload) {
                if (b != '\n') {
                    if (line.size() >= MAX_LINE) {
                        end("it wrote a line of more than " + MAX_LINE + " bytes, which no table has");
                        return;
                    }
                    line.write(b);
                    continue;
                }
                take(line.toByteArray());
                line.reset();
            }
        }
    }

    private void take(byte[] text) {
        Answer head = pending.peekFirst();
        if (text.length > 0 && text[0] == '@') {
            String[] marker = new String(text, StandardCharsets.US_ASCII).substring(1).split(" ");
            if (head == null || marker.length < 2 || !head.tag.equals(marker[0])) {
                end("it answered '" + new String(text, StandardCharsets.US_ASCII) + "', out of turn");
                return;
            }
            if (marker[1].equals("end")) {
                pending.removeFirst();
                head.finish(marker.length > 2 ? marker[2] : "", marker.length > 3 ? marker[3] : "");
            } else {
                head.section(marker[1]);
            }
        } else if (head != null) {
            head.append(text);
        }
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        attached.countDown();
    }

    /**
     * Waits until the engine has attached, or the attach failed.
     *
     * @return {@code false} if neither happened in time
     */
    boolean awaitAttached(long timeout, TimeUnit unit) throws InterruptedException {
        return attached.await(timeout, unit);
    }

    /** How the attach failed before it started, or {@code null}: the engine's answer, which docker-java threw. */
    RuntimeException attachFailure() {
        return attachFailure;
    }

    /**
     * The attach broke. Its requests fail with why, and the stream is closed; not through
     * docker-java's template, which would log the failure at ERROR with its stack trace, from
     * docker-java's thread.
     */
    @Override
    public void onError(Throwable throwable) {
        LOG.debug("the reader helper's stream broke: {}", throwable.toString());
        if (attached.getCount() > 0) {
            attachFailure = throwable instanceof RuntimeException runtime ? runtime : new IllegalStateException(throwable);
            attached.countDown();
        }
        end(throwable.toString());
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the reader's stream: {}", e.toString());
        }
    }

    @Override
    public void onComplete() {
        end("the helper exited");
        super.onComplete();
    }

    /** Whether the stream has ended; a new helper is needed then. */
    boolean ended() {
        synchronized (pending) {
            return ended != null;
        }
    }

    /** Ends the conversation: the helper's stdin closes, so it exits, and every waiting request fails. */
    void end(String why) {
        synchronized (pending) {
            if (ended == null) {
                ended = why;
            }
            for (Answer answer : pending) {
                answer.done.completeExceptionally(new ReaderEndedException(ended));
            }
            pending.clear();
        }
        requests.end();
    }

    /**
     * Ends the conversation and lets go of the stream, once the thread that copies the helper's
     * stdin has ended (at most a second; it ends quietly even later).
     */
    @Override
    public void close() {
        end("the reader was closed");
        if (!requests.awaitCopier(STDIN_END_MILLIS)) {
            LOG.debug("the copy of the reader helper's stdin has not ended yet");
        }
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the reader's stream: {}", e.toString());
        }
    }

    /**
     * One request's answer as it arrives.
     */
    static final class Answer {
        private final String tag;
        private final long limit;
        private final CompletableFuture<Answer> done = new CompletableFuture<>();
        private final ByteArrayOutputStream tables = new ByteArrayOutputStream();
        private boolean started;
        private long bytes;
        private boolean exceeded;
        private String state;
        private long startTicks = -1;

        private Answer(String tag, long limit) {
            this.tag = tag;
            this.limit = limit;
        }

        private void section(String name) {
            started = name.equals("tcp");
        }

        private void append(byte[] row) {
            bytes += row.length + 1;
            if (bytes > limit) {
                exceeded = true;
            }
            if (started && !exceeded) {
                tables.write(row, 0, row.length);
                tables.write('\n');
            }
        }

        private void finish(String state, String ticks) {
            this.state = state;
            this.startTicks = ticks.matches("[0-9]{1,18}") ? Long.parseLong(ticks) : -1;
            done.complete(this);
        }

        /** When the process read started, in ticks since boot (field 22 of its stat); -1 unless it was read. */
        long startTicks() {
            return read() ? startTicks : -1;
        }

        /** Whether the process's cgroup named the container's id before and after the read. */
        boolean read() {
            return "ok".equals(state);
        }

        /** Whether the process exists but the helper may not read its cgroup ({@code hidepid}, an LSM policy). */
        boolean denied() {
            return "denied".equals(state);
        }

        /** Whether the helper refused the request as malformed, which is a bug of this side. */
        boolean malformed() {
            return "bad".equals(state);
        }

        /** Whether the answer was longer than the limit; its rows were dropped then, not cut. */
        boolean exceeded() {
            return exceeded;
        }

        /** The IPv4 table, and after it the IPv6 table where the namespace has IPv6. */
        byte[] tables() {
            return tables.toByteArray();
        }
    }

    /** The helper's stream ended before an answer arrived. */
    static final class ReaderEndedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReaderEndedException(String why) {
            super(why);
        }
    }
}
