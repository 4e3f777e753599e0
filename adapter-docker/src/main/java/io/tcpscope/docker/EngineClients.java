package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * An engine's docker-java clients: one for calls, bounded by {@link EngineCalls} (and, where tcpscope
 * made it, by the transport's response timeout too), and one for streams (attach, exec output,
 * builds, pulls), which a response timeout would cut while they are idle. A caller's client serves as both.
 *
 * <p>Thread-safe.
 */
final class EngineClients {

    private static final Logger LOG = LoggerFactory.getLogger(EngineClients.class);

    private final DockerClient streams;
    private final DockerClient calls;
    private final boolean owned;
    private final EngineCalls bounded;
    private final String endpoint;

    EngineClients(DockerClient streams, DockerClient calls, boolean owned, String endpoint, Duration responseTimeout) {
        this.streams = streams;
        this.calls = calls;
        this.owned = owned;
        this.endpoint = endpoint;
        this.bounded = new EngineCalls(endpoint, responseTimeout);
    }

    DockerClient streams() {
        return streams;
    }

    Duration responseTimeout() {
        return bounded.bound();
    }

    /**
     * One call within the response timeout and {@code extra}; see {@link EngineCalls#call}. A call
     * given extra time (a stop's grace) is made on the client without the transport's response
     * timeout, which would cut it before its grace is over.
     */
    <T> T call(String call, Duration extra, Function<DockerClient, T> body) {
        DockerClient client = extra.isZero() ? calls : streams;
        return bounded.call(call, extra, () -> body.apply(client));
    }

    /** Takes no more calls, and closes the clients if tcpscope made them; never throws. */
    void close() {
        bounded.close();
        if (owned) {
            closeQuietly(streams);
            if (calls != streams) {
                closeQuietly(calls);
            }
        }
    }

    private void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not close the Docker client of {}: {}", endpoint, e.toString());
        }
    }
}
