package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.command.InspectContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.CommandFailedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
