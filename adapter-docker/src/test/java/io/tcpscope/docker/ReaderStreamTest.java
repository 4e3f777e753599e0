package io.tcpscope.docker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader helper's stdin, as docker-java's thread copies it. That thread
 * ({@code HijackingHttpRequestExecutor} of docker-java-transport-zerodep: "docker-java-httpclient5-hijacking-stream-…")
 * copies the stream to the engine's connection and wraps whatever ends it in a
 * {@code RuntimeException} that nobody catches; when the client closes the connection under it
 * ({@code DockerEngine.close()}), that is {@code AsynchronousCloseException}, which the JVM's
 * default handler printed on stderr in about half of a user's runs. The race with the client's close
 * cannot be had on demand, so its end is played here as docker-java's code ends.
 */
class ReaderStreamTest {

    private static final String ID = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    @Test
    void the_copy_of_stdin_that_ends_with_an_exception_once_the_stream_is_closed_prints_nothing() throws Exception {
        // the classes loaded first: the fuzz tests' agent, in this JVM, says on stderr which ones it instruments
        ReaderStream warm = new ReaderStream(1024);
        warm.request(41, ID);
        warm.close();
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        Thread copier;
        try {
            // given: docker-java's copy of the stream, on its own thread
            ReaderStream stream = new ReaderStream(1024);
            InputStream stdin = stream.stdin();
            copier = new Thread(() -> {
                try {
                    byte[] buffer = new byte[1024];
                    for (int n; (n = stdin.read(buffer)) != -1; ) {
                        sent.write(buffer, 0, n);
                    }
                    throw new AsynchronousCloseException(); // ending the request on a connection closed meanwhile
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "docker-java-httpclient5-hijacking-stream-test");
            copier.start();
            stream.request(41, ID);

            // when
            stream.close();
            copier.join(30_000);
        } finally {
            System.setErr(stderr);
        }

        // then: not a line reached stderr, the copy ended, and the request went out
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(copier.isAlive()).isFalse();
        assertThat(sent.toString(StandardCharsets.US_ASCII)).startsWith("1 41 " + ID);
    }

    @Test
    void a_stream_that_breaks_ends_its_requests_and_logs_nothing_above_debug() throws Exception {
        // given: every logger of the JVM recorded, as a command's SLF4J binding would print them on stderr
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> recorded = new ListAppender<>();
        recorded.start();
        root.addAppender(recorded);
        try {
            ReaderStream stream = new ReaderStream(1024);
            CompletableFuture<ReaderStream.Answer> asked = stream.request(41, ID);

            // when: docker-java's thread says the attach broke (the engine went away)
            Thread reader = new Thread(() -> stream.onError(new IOException("Connection reset by peer")),
                    "docker-java-stream-test");
            reader.start();
            reader.join(30_000);

            // then: the request fails with why, and nothing was logged above DEBUG
            assertThatThrownBy(() -> asked.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ReaderStream.ReaderEndedException.class)
                    .hasMessageContaining("Connection reset by peer");
            assertThat(stream.ended()).isTrue();
            assertThat(recorded.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            root.detachAppender(recorded);
        }
    }
}
