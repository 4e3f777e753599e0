package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
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
 * <p>A request is {@code <tag> <pid> <container id>}. Its answer is
 * {@code @<tag> tcp}, the process's {@code /proc/<pid>/net/tcp} followed by its {@code tcp6}
 * where the namespace has IPv6 (each with its header line, which the parser takes anywhere), and last {@code @<tag> end ok} when the
 * process's cgroup named the id before and after the read; else {@code @<tag> end gone}, or
 * {@code denied} where the process exists but its cgroup may not be read, or {@code bad} for a
 * malformed request.
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
            # $PROC is /proc, but for tests.
            proc=${PROC:-/proc}
            # Whether process $1 is in a cgroup that names $2, with the shell's own read: no fork.
            owns() {
              while IFS= read -r group; do
                case "$group" in *"$2"*) return 0 ;; esac
              done < "$proc/$1/cgroup"
              return 1
            } 2>/dev/null
            while read -r tag pid id; do
              state=gone
              case "$tag:$pid:$id" in
                *[!0-9a-f:]*|:*|*::*|*:) state=bad ;;
                *)
                  if owns "$pid" "$id"; then
                    echo "@$tag tcp"
                    # one cat for both tables: a process per file would cost more than the reads
                    set -- "$proc/$pid/net/tcp"
                    [ -e "$proc/$pid/net/tcp6" ] && set -- "$@" "$proc/$pid/net/tcp6"
                    if cat "$@" 2>/dev/null; then
                      owns "$pid" "$id" && state=ok
                    fi
                  elif [ -e "$proc/$pid" ] && [ ! -r "$proc/$pid/cgroup" ]; then
                    state=denied
                  fi ;;
              esac
              echo "@$tag end $state"
            done
            """;

    /** How long closing waits for docker-java's copy of stdin to read the pipe's end. */
    private static final long STDIN_END_MILLIS = 1000;

    private final Pipe pipe;
    private final OutputStream requests;
    private final long outputLimit;
    private final Deque<Answer> pending = new ArrayDeque<>();
    /** Held while a request is queued and written, so that lines go out in the order of the queue. */
    private final Object writing = new Object();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long nextTag = 1;
    private String ended;
    /** Counted down when docker-java's copy of stdin has read the pipe's end. */
    private final CountDownLatch copied = new CountDownLatch(1);
    private volatile boolean copying;

    ReaderStream(long outputLimit) {
        this.outputLimit = outputLimit;
        try {
            this.pipe = Pipe.open();
        } catch (IOException e) {
            throw new IllegalStateException("could not open a pipe for the reader's stdin: " + e.getMessage(), e);
        }
        this.requests = Channels.newOutputStream(pipe.sink());
    }

    /**
     * What docker-java copies to the helper's stdin, on a thread of its own. That thread is let
     * finish (it reads the end of the pipe once the requests are closed) before the pipe is closed
     * under it, which would end it with an exception that nobody catches, printed on stderr.
     */
    InputStream stdin() {
        return new FilterInputStream(Channels.newInputStream(pipe.source())) {
            @Override
            public int read() throws IOException {
                copying = true;
                return seen(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                copying = true;
                return seen(super.read(b, off, len));
            }

            private int seen(int read) {
                if (read < 0) {
                    copied.countDown();
                }
                return read;
            }
        };
    }

    /**
     * Sends a request.
     *
     * @param pid the process, in the engine's PID namespace
     * @param containerId the id its cgroup must name
     * @return the answer, when it has arrived; it fails with {@link ReaderEndedException} if the stream ends first
     */
    CompletableFuture<Answer> request(long pid, String containerId) {
        if (pid <= 0 || !ID.matcher(containerId).matches()) {
            // From the engine, never from a caller; a line break in it would be a second request.
            throw new IllegalArgumentException("a reader request takes a positive PID and a 64-digit hex container id, not "
                    + pid + " and '" + containerId + "'");
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
            // Outside the queue's lock, which the callback needs to take answers while this write waits.
            try {
                requests.write((answer.tag + " " + pid + " " + containerId + "\n").getBytes(StandardCharsets.US_ASCII));
                requests.flush();
            } catch (IOException e) {
                end("its stdin broke: " + e.getMessage());
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
                head.finish(marker.length > 2 ? marker[2] : "");
            } else {
                head.section(marker[1]);
            }
        } else if (head != null) {
            head.append(text);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        end(throwable.toString());
        super.onError(throwable);
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
        try {
            requests.close();
        } catch (IOException e) {
            LOG.debug("closing the reader's stdin: {}", e.toString());
        }
    }

    /**
     * Ends the conversation and lets go of the stream and both ends of the stdin pipe, once the
     * thread that copies the pipe to the helper has read its end (at most a second).
     */
    @Override
    public void close() {
        end("the reader was closed");
        if (copying) {
            try {
                copied.await(STDIN_END_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            pipe.source().close();
            super.close();
        } catch (IOException e) {
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

        private void finish(String state) {
            this.state = state;
            done.complete(this);
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
