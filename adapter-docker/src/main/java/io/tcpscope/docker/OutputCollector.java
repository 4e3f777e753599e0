package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;

/**
 * Collects a command's stdout and stderr frames up to a cap. docker-java hands each frame a
 * payload it may reuse, so every payload is copied before the next frame arrives.
 */
final class OutputCollector extends ResultCallback.Adapter<Frame> {

    private final long limit;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private long total;
    private volatile boolean exceeded;

    OutputCollector(long limit) {
        this.limit = limit;
    }

    @Override
    public void onNext(Frame frame) {
        if (exceeded) {
            return;
        }
        byte[] payload = frame.getPayload();
        if (payload == null || payload.length == 0) {
            return;
        }
        total += payload.length;
        if (total > limit) {
            exceeded = true;
            closeQuietly();
            return;
        }
        (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(payload, 0, payload.length);
    }

    boolean exceeded() {
        return exceeded;
    }

    /** Read only after completion, which the callback's latch orders after every frame. */
    byte[] stdout() {
        return stdout.toByteArray();
    }

    byte[] stderr() {
        return stderr.toByteArray();
    }

    void closeQuietly() {
        try {
            close();
        } catch (Exception ignored) {
            // The stream is being abandoned; a failure to close it changes nothing for the caller.
        }
    }
}
