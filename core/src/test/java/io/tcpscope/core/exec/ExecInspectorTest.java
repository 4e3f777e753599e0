package io.tcpscope.core.exec;

import io.tcpscope.core.CommandExecutor;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.Golden;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import java.time.Duration;
import java.util.List;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The order of commands, and what each failure means, against the executor port. The outputs are
 * the real captures; the failures are the texts docker and busybox print.
 */
@ExtendWith(MockitoExtension.class)
class ExecInspectorTest {

    private static final String NODE = "node-a";
    private static final ExecResult NOT_IN_IMAGE = ExecResult.of(126, "",
            "OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused:"
                    + " exec: \"cat\": executable file not found in $PATH: unknown");

    @Mock
    private CommandExecutor executor;

    @Test
    void an_adapters_own_command_is_tried_where_its_chain_puts_it() {
        // given: a tool of an adapter's own images, whose output is busybox netstat's
        InspectionCommand toybox = InspectionCommand.of(List.of("toybox", "netstat", "-tan"),
                io.tcpscope.core.parse.NetstatParser.wide(io.tcpscope.core.ListingFormat.BUSYBOX));
        when(executor.execute(eq(NODE), eq(List.of("toybox", "netstat", "-tan")), any()))
                .thenReturn(ExecResult.of(0, Golden.listing("busybox-netstat-tan"), ""));
        ExecInspector inspector = new ExecInspector(executor, ExecInspector.DEFAULT_TIMEOUT, List.of(toybox, InspectionCommand.SS));

        // when
        List<TcpConnection> listed = inspector.connections(NODE);

        // then
        assertThat(withoutDetails(listed)).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(inspector.rememberedCommand(NODE)).contains(toybox);
        assertThat(toybox).hasToString("toybox netstat -tan");
        assertThat(InspectionCommand.builtIn()).containsExactly(InspectionCommand.PROC_FILES, InspectionCommand.SS,
                InspectionCommand.NETSTAT, InspectionCommand.BUSYBOX_NETSTAT);
    }

    @Test
    void reads_the_proc_files_first_and_remembers_that_they_work() {
        // given
        when(executor.execute(eq(NODE), eq(InspectionCommand.PROC_FILES.argv()), any()))
                .thenReturn(ExecResult.of(0, Golden.procTables(), ""));
        ExecInspector inspector = new ExecInspector(executor);

        // when
        List<TcpConnection> first = inspector.connections(NODE);
        List<TcpConnection> second = inspector.connections(NODE);

        // then
        assertThat(withoutDetails(first)).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(second).isEqualTo(first);
        assertThat(inspector.rememberedCommand(NODE)).contains(InspectionCommand.PROC_FILES);
        verify(executor, times(2)).execute(NODE, InspectionCommand.PROC_FILES.argv(), ExecInspector.DEFAULT_TIMEOUT);
        verify(executor, never()).execute(eq(NODE), eq(InspectionCommand.SS.argv()), any());
    }

    @Test
    void a_missing_tcp6_still_gives_the_ipv4_rows() {
        // given: IPv6 disabled in the container; busybox cat prints tcp, then fails on tcp6
        when(executor.execute(eq(NODE), eq(InspectionCommand.PROC_FILES.argv()), any()))
                .thenReturn(ExecResult.of(1, Golden.listing("proc-net-tcp"),
                        "cat: can't open '/proc/net/tcp6': No such file or directory\n"));

        // when
        List<TcpConnection> connections = new ExecInspector(executor).connections(NODE);

        // then
        assertThat(withoutDetails(connections))
                .containsExactlyInAnyOrderElementsOf(Golden.plan().subList(0, 17));
    }

    @Test
    void a_missing_tcp_is_a_failure_even_if_tcp6_exists() {
        // given
        when(executor.execute(eq(NODE), any(), any())).thenReturn(
                ExecResult.of(1, Golden.listing("proc-net-tcp6"), "cat: can't open '/proc/net/tcp': Permission denied\n"),
                NOT_IN_IMAGE, NOT_IN_IMAGE, NOT_IN_IMAGE);

        // then
        assertThatThrownBy(() -> new ExecInspector(executor).connections(NODE))
                .isInstanceOfSatisfying(InspectionFailedException.class, e ->
                        assertThat(e.attempts().get(0)).isInstanceOfSatisfying(CommandFailedException.class,
                                f -> assertThat(f.toolMissing()).isFalse()));
    }

    @Test
    void moves_down_the_chain_until_a_tool_works() {
        // given: an image with net-tools only
        when(executor.execute(eq(NODE), eq(InspectionCommand.PROC_FILES.argv()), any())).thenReturn(NOT_IN_IMAGE);
        when(executor.execute(eq(NODE), eq(InspectionCommand.SS.argv()), any()))
                .thenReturn(ExecResult.of(127, "", "sh: ss: not found"));
        when(executor.execute(eq(NODE), eq(InspectionCommand.NETSTAT.argv()), any()))
                .thenReturn(ExecResult.of(0, Golden.listing("netstat-tanW"), ""));
        ExecInspector inspector = new ExecInspector(executor);

        // when
        List<TcpConnection> connections = inspector.connections(NODE);

        // then
        assertThat(withoutDetails(connections)).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(inspector.rememberedCommand(NODE)).contains(InspectionCommand.NETSTAT);
        InOrder order = inOrder(executor);
        order.verify(executor).execute(eq(NODE), eq(List.of("cat", "/proc/net/tcp", "/proc/net/tcp6")), any());
        order.verify(executor).execute(eq(NODE), eq(List.of("ss", "-tanoH")), any());
        order.verify(executor).execute(eq(NODE), eq(List.of("netstat", "-tanW")), any());
    }

    @Test
    void busybox_without_applet_links_is_read_through_the_busybox_binary() {
        // given
        when(executor.execute(eq(NODE), any(), any())).thenReturn(NOT_IN_IMAGE, NOT_IN_IMAGE, NOT_IN_IMAGE,
                ExecResult.of(0, Golden.listing("busybox-netstat-tan"), ""));

        // when
        List<TcpConnection> connections = new ExecInspector(executor).connections(NODE);

        // then
        assertThat(withoutDetails(connections)).containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @Test
    void an_image_without_tools_fails_with_every_attempt_and_the_way_out() {
        // given
        when(executor.execute(eq(NODE), any(), any())).thenReturn(NOT_IN_IMAGE);

        // then
        assertThatThrownBy(() -> new ExecInspector(executor).connections(NODE))
                .isInstanceOfSatisfying(InspectionFailedException.class, e -> {
                    assertThat(e.container()).isEqualTo(NODE);
                    assertThat(e.attempts()).hasSize(4).allSatisfy(a -> assertThat(a)
                            .isInstanceOfSatisfying(CommandFailedException.class, f -> assertThat(f.toolMissing()).isTrue()));
                    assertThat(e.getMessage()).contains("procfs or sidecar mode", "'ss -tanoH' in container 'node-a'");
                });
    }

    @Test
    void unreadable_output_is_kept_as_an_attempt_and_the_next_tool_is_tried() {
        // given: a localised netstat, then ss works
        when(executor.execute(eq(NODE), any(), any())).thenReturn(NOT_IN_IMAGE,
                ExecResult.of(0, "ESTAB 0 0 10.0.0.2:1 10.0.0.3:9000\nVERBUNDEN 0 0 10.0.0.2:2 10.0.0.3:9000\n", ""),
                ExecResult.of(0, Golden.listing("netstat-tanW"), ""));

        // when
        List<TcpConnection> connections = new ExecInspector(executor).connections(NODE);

        // then
        assertThat(connections).hasSize(Golden.plan().size());
    }

    @Test
    void a_container_that_is_not_running_stops_the_chain_at_once() {
        // given
        when(executor.execute(eq(NODE), any(), any())).thenThrow(new ContainerUnavailableException(NODE, "node-a",
                "3f2a1b2c3d4e5f60718293a4b5c6d7e8", ContainerUnavailableException.Condition.NOT_RUNNING));

        // then
        assertThatThrownBy(() -> new ExecInspector(executor).connections(NODE))
                .isInstanceOf(ContainerUnavailableException.class)
                .hasMessage("container 'node-a' (3f2a1b2c3d4e) is not running; start it or inspect a running container");
        verify(executor, times(1)).execute(any(), any(), any());
    }

    @Test
    void a_timeout_reaches_the_caller_with_the_configured_limit() {
        // given
        Duration timeout = Duration.ofMillis(1500);
        when(executor.execute(eq(NODE), any(), eq(timeout)))
                .thenThrow(new CommandTimeoutException(NODE, InspectionCommand.PROC_FILES.argv(), timeout));
        ExecInspector inspector = new ExecInspector(executor, timeout, InspectionCommand.builtIn());

        // then
        assertThatThrownBy(() -> inspector.connections(NODE))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("did not finish within 1500 ms");
    }

    @Test
    void a_remembered_tool_that_disappears_sends_the_inspector_down_the_chain_again() {
        // given: cat worked, then the container was recreated from an image without cat
        when(executor.execute(eq(NODE), eq(InspectionCommand.PROC_FILES.argv()), any()))
                .thenReturn(ExecResult.of(0, Golden.procTables(), ""), NOT_IN_IMAGE);
        when(executor.execute(eq(NODE), eq(InspectionCommand.SS.argv()), any()))
                .thenReturn(ExecResult.of(0, Golden.listing("ss-tanH"), ""));
        ExecInspector inspector = new ExecInspector(executor);
        inspector.connections(NODE);

        // when
        List<TcpConnection> connections = inspector.connections(NODE);

        // then
        assertThat(withoutDetails(connections)).containsExactlyInAnyOrderElementsOf(Golden.plan());
        assertThat(inspector.rememberedCommand(NODE)).contains(InspectionCommand.SS);
    }

    @Test
    void a_custom_chain_is_tried_in_its_own_order_only() {
        // given
        when(executor.execute(eq(NODE), any(), any())).thenReturn(ExecResult.of(0, Golden.listing("ss-tan"), ""));
        ExecInspector inspector = new ExecInspector(executor, Duration.ofSeconds(2), List.of(InspectionCommand.SS));

        // when
        inspector.connections(NODE);

        // then
        verify(executor).execute(NODE, List.of("ss", "-tanoH"), Duration.ofSeconds(2));
        verify(executor, times(1)).execute(any(), any(), any());
    }

    @Test
    void refuses_a_timeout_that_is_not_positive_and_an_empty_chain() {
        assertThatThrownBy(() -> new ExecInspector(executor, Duration.ZERO, List.of(InspectionCommand.SS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new ExecInspector(executor, Duration.ofSeconds(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one command");
    }

    @Test
    void a_parse_failure_names_its_format_inside_the_inspection_failure() {
        // given
        when(executor.execute(eq(NODE), any(), any())).thenReturn(ExecResult.of(0, "garbage\n", ""));

        // then
        assertThatThrownBy(() -> new ExecInspector(executor).connections(NODE))
                .isInstanceOfSatisfying(InspectionFailedException.class, e ->
                        assertThat(e.attempts()).hasSize(4).allSatisfy(a -> assertThat(a).isInstanceOf(ListingParseException.class)));
    }
}
