package io.tcpscope.cli;

import io.tcpscope.core.ContainerUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever ends a command becomes one line that says what happened: its words, never its class. */
class FailuresTest {

    @Test
    void tcpscopes_own_failure_is_its_message() {
        RuntimeException failure = new ContainerUnavailableException("db", "db", "3f2a",
                ContainerUnavailableException.Condition.NOT_RUNNING);
        assertThat(Failures.line(failure, false)).isEqualTo(failure.getMessage());
        assertThat(Failures.status(failure)).isEqualTo(1);
    }

    @Test
    void an_engine_that_cannot_be_reached_is_said_without_the_transports_class() {
        // given: the transport's failure, as docker-java's client gives it for an engine that cut the call
        RuntimeException failure = new io.tcpscope.core.EngineUnavailableException("unix:///x.sock",
                new RuntimeException(new IOException(new java.net.ConnectException("Connection refused"))));

        // when
        String line = Failures.line(failure, false);

        // then
        assertThat(line).isEqualTo("cannot reach the Docker engine at unix:///x.sock (Connection refused); start dockerd,"
                + " or point DOCKER_HOST at a running engine");
        assertThat(Failures.status(failure)).isEqualTo(1);
    }

    @Test
    void an_untyped_failure_is_its_message_and_says_how_to_see_more() {
        assertThat(Failures.line(new IllegalStateException("the reader of unix:///x is closed"), false))
                .isEqualTo("the reader of unix:///x is closed; run again with --debug to see where it happened");
        assertThat(Failures.line(new IllegalStateException("the reader of unix:///x is closed"), true))
                .isEqualTo("the reader of unix:///x is closed");
    }

    @Test
    void a_wrapper_is_said_in_its_causes_words() {
        // given: UncheckedIOException(IOException) has the cause's class and message as its own
        RuntimeException bare = new UncheckedIOException(new IOException("No space left on device"));
        RuntimeException worded = new UncheckedIOException("could not write /tmp/mesh.svg", new IOException("No space left on device"));

        // then
        assertThat(Failures.line(bare, false)).startsWith("No space left on device;").doesNotContain("java.io");
        assertThat(Failures.line(worded, false)).startsWith("could not write /tmp/mesh.svg: No space left on device;");
    }

    @Test
    void a_failure_with_no_words_says_what_kind_it_is() {
        assertThat(Failures.line(new IllegalStateException(), false))
                .isEqualTo("the command failed with an IllegalStateException and no message"
                        + "; run again with --debug to see where it happened");
        assertThat(Failures.line(new UnsupportedOperationException(), false))
                .startsWith("the command failed with an UnsupportedOperationException and no message");
        assertThat(Failures.line(new IllegalStateException(new UnsupportedOperationException()), false))
                .as("a wrapper with no words of its own").startsWith("the command failed with an IllegalStateException");
    }

    @Test
    void a_message_over_several_lines_or_with_control_characters_is_still_one_line() {
        // given: a container's stderr quoted in a message
        RuntimeException failure = new IllegalStateException("exec failed: \u001b[2Jgone\nsecond line\n\tat nothing");

        // when
        StringWriter err = new StringWriter();
        int status = Failures.report(failure, new PrintWriter(err), false);

        // then
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tcpscope: exec failed: \\e[2Jgone; run again with --debug to see where it happened\n");
    }

    @Test
    void an_argument_that_cannot_be_used_exits_2() {
        assertThat(Failures.status(new IllegalArgumentException("--nodes must be between 2 and 16, not 1"))).isEqualTo(2);
        assertThat(Failures.line(new IllegalArgumentException("--nodes must be between 2 and 16, not 1"), false))
                .isEqualTo("--nodes must be between 2 and 16, not 1");
    }

    @Test
    void out_of_memory_says_how_to_give_more() {
        assertThat(Failures.line(new OutOfMemoryError("Java heap space"), false))
                .startsWith("the command ran out of memory (Java heap space); give the JVM more with JAVA_TOOL_OPTIONS=-Xmx1g");
    }

    @Test
    void debug_writes_the_trace_then_the_line() {
        StringWriter err = new StringWriter();
        Failures.report(new IllegalStateException("broken"), new PrintWriter(err), true);
        assertThat(err.toString()).startsWith("java.lang.IllegalStateException: broken").contains("\tat ")
                .endsWith("\ntcpscope: broken\n");
    }
}
