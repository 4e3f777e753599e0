package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Collects a command's stdout and stderr frames up to a cap, and how the stream failed, if it did. docker-java hands each frame a
 * payload it may reuse, so every payload is copied before the next frame arrives.
 */
final class OutputCollector extends ResultCallback.Adapter<Frame> {

    private final long limit;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private long total;
    private volatile boolean exceeded;
    private volatile Throwable error;
    private volatile boolean closed;
    private final CountDownLatch answered = new CountDownLatch(1);

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

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        answered.countDown();
    }

    /** Keeps the failure for the caller, rather than let docker-java's template log it on its stream thread. */
    @Override
    public void onError(Throwable throwable) {
        if (closed) {
            return; // closed on purpose (timeout, cap): the stream's failure is what the close did
        }
        if (error == null) {
            error = throwable;
        }
        answered.countDown();
        closeQuietly();
    }

    /** Throws what the stream failed with, if it did. */
    void throwIfFailed() {
        Throwable failed = error;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new RuntimeException(failed);
        }
    }

    @Override
    public void onComplete() {
        answered.countDown();
        super.onComplete();
    }

    /**
     * Waits until the engine answered the request that starts the stream, or the stream ended.
     *
     * @return {@code false} if it did not within the time
     */
    boolean awaitStart(long time, TimeUnit unit) throws InterruptedException {
        return answered.await(time, unit);
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
        closed = true;
        try {
            close();
        } catch (Exception ignored) {
            // The stream is being abandoned; a failure to close it changes nothing for the caller.
        }
    }
}
