package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;
import io.tcpscope.core.EngineRefusedException;

import java.io.IOException;

/**
 * The callback of a pull's or a build's stream that keeps how it failed for the caller, who
 * reports it as tcpscope's own: the engine's error in the stream (Podman's pull items have no
 * status, which docker-java's own pull callback trips over), or the stream's failure, which
 * docker-java's template would log with a stack trace on its own thread.
 *
 * @param <T> the stream's items
 */
final class QuietCallback<T extends ResponseItem> extends ResultCallback.Adapter<T> {

    private volatile Throwable error;
    private volatile String refused;

    @Override
    public void onNext(T item) {
        String said = item.getErrorDetail() == null ? null : item.getErrorDetail().getMessage();
        if (said != null && !said.isBlank() && refused == null) {
            refused = said.strip();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (error == null) {
            error = throwable;
        }
        try {
            close();
        } catch (IOException ignored) {
            // the stream is over either way
        }
    }

    /**
     * Throws what the stream ended with, if it failed.
     *
     * @param endpoint the engine, for the message
     * @param request what was asked, in words
     * @throws RuntimeException the stream's failure, or an {@link EngineRefusedException} quoting the engine
     */
    void throwIfFailed(String endpoint, String request) {
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new EngineRefusedException(endpoint, request, null, String.valueOf(error.getMessage()), error);
        }
        if (refused != null) {
            throw new EngineRefusedException(endpoint, request, null, refused, null);
        }
    }

    /** Closes the stream, which is over either way. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to release
        }
    }
}
