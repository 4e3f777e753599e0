package io.tcpscope.core.exec;

import io.tcpscope.core.CommandExecutor;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.Golden;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** What the inspector remembers per container, and when it forgets it. */
class ExecInspectorMemoryTest {

    private static final ExecResult NOT_IN_IMAGE = ExecResult.of(127, "", "exec: \"x\": executable file not found in $PATH: unknown");

    @Test
    void a_container_whose_fallback_fails_is_tried_with_the_commands_again() {
        // given: an image without tools, read through the fallback
        AtomicBoolean hasTools = new AtomicBoolean(false);
        CommandExecutor executor = (container, argv, timeout) -> hasTools.get()
                ? ExecResult.of(0, Golden.procTables(), "") : NOT_IN_IMAGE;
        ConnectionInspector fallback = container -> {
            if (hasTools.get()) {
                throw new InspectionFailedException(container, List.of(), "the sidecar failed on purpose");
            }
            return List.of();
        };
        ExecInspector inspector = new ExecInspector(executor, Duration.ofSeconds(1), InspectionCommand.builtIn(), fallback);
        assertThat(inspector.connections("node-a")).isEmpty();
        assertThat(inspector.usesFallback("node-a")).isTrue();

        // when: the container is replaced by one with tools under the same name, and the fallback fails
        hasTools.set(true);
        Throwable first = org.assertj.core.api.Assertions.catchThrowable(() -> inspector.connections("node-a"));
        List<TcpConnection> next = inspector.connections("node-a");

        // then
        assertThat(first).isInstanceOf(InspectionFailedException.class);
        assertThat(next).hasSize(Golden.plan().size());
        assertThat(inspector.rememberedCommand("node-a")).contains(InspectionCommand.PROC_FILES);
    }

    @Test
    void what_it_remembers_is_bounded() {
        // given
        CommandExecutor executor = (container, argv, timeout) -> ExecResult.of(0, Golden.procTables(), "");
        ExecInspector inspector = new ExecInspector(executor);

        // when: far more containers than it keeps
        for (int i = 0; i < 20_000; i++) {
            inspector.connections("node-" + i);
        }

        // then: the oldest are forgotten, the newest kept
        assertThat(inspector.rememberedCommand("node-0")).isEmpty();
        assertThat(inspector.rememberedCommand("node-19999")).contains(InspectionCommand.PROC_FILES);
    }
}
