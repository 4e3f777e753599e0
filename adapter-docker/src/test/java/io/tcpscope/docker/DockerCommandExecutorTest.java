package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.command.InspectContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.EngineRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Engine answers that a real engine gives only by accident, at the DockerClient boundary. */
class DockerCommandExecutorTest {

    @Test
    void an_exec_whose_exit_code_is_never_recorded_fails_without_one() {
        // given: the output ends, but the engine keeps answering ExitCode=null, Running=false
        DockerClient client = engineThatPrints("partial");
        InspectExecResponse lost = mock(InspectExecResponse.class);
        when(lost.getExitCodeLong()).thenReturn(null);
        when(lost.isRunning()).thenReturn(false);
        InspectExecCmd inspect = mock(InspectExecCmd.class);
        when(inspect.exec()).thenReturn(lost);
        when(client.inspectExecCmd("exec-1")).thenReturn(inspect);
        runningContainer(client);
        DockerCommandExecutor executor = new DockerCommandExecutor(DockerEngine.of(client, "test"));

        // then
        assertThatThrownBy(() -> executor.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    assertThat(e.exitCode()).isNull();
                    assertThat(e).hasMessage("'cat /proc/net/tcp' in container 'node-a' ended without an exit code;"
                            + " the engine lost track of it");
                });
    }

    /**
     * Failures no engine gives on demand for a container that stopped: Docker answers an exec in a
     * stopped container with 409 and Podman with 500, and their ITs check those; these are the
     * other codes and the failures that carry none.
     */
    static Stream<Arguments> failuresOfAnExecInAStoppedContainer() {
        return Stream.of(
                arguments("400", new BadRequestException("Status 400: {\"message\":\"bad request\"}\n"), false),
                arguments("503", new DockerException("Status 503: {\"message\":\"try again\"}\n", 503), false),
                arguments("a client failure", new DockerClientException("could not read the answer"), false),
                arguments("a stream that broke", new RuntimeException(new IOException("Connection reset by peer")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failuresOfAnExecInAStoppedContainer")
    void an_exec_that_fails_in_a_stopped_container_reports_the_container_whatever_the_failure(
            String what, RuntimeException failure, boolean whileStarting) {
        // given: the exec fails, on creation or while its output streams, and the container has stopped
        DockerClient client = whileStarting ? engineThatFailsToStart(failure) : engineThatRefusesToCreate(failure);
        containerIn(client, "exited", false, false);
        DockerCommandExecutor executor = new DockerCommandExecutor(DockerEngine.of(client, "test"));

        // then
        assertThatThrownBy(() -> executor.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(Condition.NOT_RUNNING);
                    assertThat(e).hasMessage("container 'node-a' (4f2a1b2c3d4e) is not running; start it or inspect a running container");
                });
    }

    @Test
    void an_exec_that_fails_in_a_paused_container_reports_it_paused() {
        // given
        DockerClient client = engineThatRefusesToCreate(new DockerException("Status 503: {\"message\":\"try again\"}\n", 503));
        containerIn(client, "paused", true, true);
        DockerCommandExecutor executor = new DockerCommandExecutor(DockerEngine.of(client, "test"));

        // then
        assertThatThrownBy(() -> executor.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(Condition.PAUSED));
    }

    @Test
    void a_container_that_podman_is_removing_was_removed_though_its_inspect_answers_500() {
        // given: as Podman answers in the moment it removes a container: the exec session is gone
        // (404), and so is the container, which its inspect says with a 500
        DockerClient client = engineThatFailsToStart(new NotFoundException("Status 404: {\"cause\":\"no such exec session\","
                + "\"message\":\"no exec session with ID 9c1f found: no such exec session\",\"response\":404}\n"));
        InspectContainerCmd inspect = mock(InspectContainerCmd.class);
        when(inspect.exec()).thenThrow(new InternalServerErrorException("Status 500: {\"cause\":\"no such container\","
                + "\"message\":\"container 4f2a1b2c3d4e does not exist in database: no such container\",\"response\":500}\n"));
        when(client.inspectContainerCmd(anyString())).thenReturn(inspect);
        DockerCommandExecutor executor = new DockerCommandExecutor(DockerEngine.of(client, "test"));

        // then
        assertThatThrownBy(() -> executor.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(Condition.REMOVED));
    }

    @Test
    void an_exec_refused_in_a_running_container_quotes_the_engine_not_docker_java() {
        // given
        DockerClient client = engineThatRefusesToCreate(new DockerException("Status 503: {\"cause\":\"busy\","
                + "\"message\":\"the engine is shutting down\",\"response\":503}\n", 503));
        runningContainer(client);
        DockerCommandExecutor executor = new DockerCommandExecutor(DockerEngine.of(client, "test"));

        // then
        assertThatThrownBy(() -> executor.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(EngineRefusedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e).hasMessage("the Docker engine at test refused to run 'cat /proc/net/tcp' in container 'node-a':"
                            + " the engine is shutting down (HTTP 503)");
                });
    }

    @Test
    void frames_whose_buffer_docker_java_reuses_are_copied_before_the_next_one() {
        // given: one array, handed out twice with different contents
        OutputCollector output = new OutputCollector(1024);
        byte[] reused = "first\n".getBytes(StandardCharsets.UTF_8);

        // when
        output.onNext(new Frame(StreamType.STDOUT, reused));
        System.arraycopy("again\n".getBytes(StandardCharsets.UTF_8), 0, reused, 0, reused.length);
        output.onNext(new Frame(StreamType.STDOUT, reused));
        output.onNext(new Frame(StreamType.STDERR, "oops\n".getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(new String(output.stdout(), StandardCharsets.UTF_8)).isEqualTo("first\nagain\n");
        assertThat(new String(output.stderr(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
        assertThat(output.exceeded()).isFalse();
    }

    @Test
    void the_cap_counts_both_streams() {
        OutputCollector output = new OutputCollector(8);
        output.onNext(new Frame(StreamType.STDOUT, new byte[5]));
        output.onNext(new Frame(StreamType.STDERR, new byte[5]));
        assertThat(output.exceeded()).isTrue();
    }

    private static DockerClient engineThatPrints(String text) {
        DockerClient client = mock(DockerClient.class);
        ExecCreateCmd create = mock(ExecCreateCmd.class, RETURNS_SELF);
        ExecCreateCmdResponse created = mock(ExecCreateCmdResponse.class);
        when(created.getId()).thenReturn("exec-1");
        when(create.exec()).thenReturn(created);
        when(client.execCreateCmd(anyString())).thenReturn(create);
        ExecStartCmd start = mock(ExecStartCmd.class, RETURNS_SELF);
        when(start.exec(any())).thenAnswer(invocation -> {
            OutputCollector callback = invocation.getArgument(0);
            callback.onNext(new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8)));
            callback.onComplete();
            return callback;
        });
        when(client.execStartCmd("exec-1")).thenReturn(start);
        return client;
    }

    private static DockerClient engineThatRefusesToCreate(RuntimeException failure) {
        DockerClient client = mock(DockerClient.class);
        ExecCreateCmd create = mock(ExecCreateCmd.class, RETURNS_SELF);
        when(create.exec()).thenThrow(failure);
        when(client.execCreateCmd(anyString())).thenReturn(create);
        return client;
    }

    private static DockerClient engineThatFailsToStart(RuntimeException failure) {
        DockerClient client = mock(DockerClient.class);
        ExecCreateCmd create = mock(ExecCreateCmd.class, RETURNS_SELF);
        ExecCreateCmdResponse created = mock(ExecCreateCmdResponse.class);
        when(created.getId()).thenReturn("exec-1");
        when(create.exec()).thenReturn(created);
        when(client.execCreateCmd(anyString())).thenReturn(create);
        ExecStartCmd start = mock(ExecStartCmd.class, RETURNS_SELF);
        when(start.exec(any())).thenThrow(failure);
        when(client.execStartCmd("exec-1")).thenReturn(start);
        return client;
    }

    private static void containerIn(DockerClient client, String status, boolean running, boolean paused) {
        InspectContainerResponse inspected = mock(InspectContainerResponse.class);
        InspectContainerResponse.ContainerState state = mock(InspectContainerResponse.ContainerState.class);
        when(state.getStatus()).thenReturn(status);
        when(state.getRunning()).thenReturn(running);
        when(state.getPaused()).thenReturn(paused);
        when(inspected.getState()).thenReturn(state);
        when(inspected.getName()).thenReturn("/node-a");
        when(inspected.getId()).thenReturn("4f2a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4");
        InspectContainerCmd inspect = mock(InspectContainerCmd.class);
        when(inspect.exec()).thenReturn(inspected);
        when(client.inspectContainerCmd(anyString())).thenReturn(inspect);
    }

    private static void runningContainer(DockerClient client) {
        InspectContainerResponse inspected = mock(InspectContainerResponse.class);
        InspectContainerResponse.ContainerState state = mock(InspectContainerResponse.ContainerState.class);
        when(state.getRunning()).thenReturn(true);
        when(inspected.getState()).thenReturn(state);
        InspectContainerCmd inspect = mock(InspectContainerCmd.class);
        when(inspect.exec()).thenReturn(inspected);
        when(client.inspectContainerCmd(anyString())).thenReturn(inspect);
    }
}
