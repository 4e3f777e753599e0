package io.tcpscope.procfs;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PortSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a source says and does where tracefs is not what it needs: directories laid out as tracefs
 * would be, or not. The real tracefs is {@code TracefsEventSourceIT}'s.
 */
class TracefsEventSourceTest {

    @TempDir
    Path tracefs;

    @Test
    void a_directory_where_tracefs_is_not_mounted_is_named_with_the_command_that_mounts_it() {
        // when
        var why = TracefsEventSource.at(tracefs).unavailable();

        // then
        assertThat(why).hasValue("tracefs is not mounted at " + tracefs + "; mount it as root: mount -t tracefs nodev " + tracefs);
    }

    @Test
    void a_missing_tracepoint_is_named() throws IOException {
        // given: a tracefs whose kernel has every TCP tracepoint but the error report
        Files.createDirectories(tracefs.resolve("instances"));
        for (String event : TracefsAccess.EVENTS) {
            if (!event.equals("sock/inet_sk_error_report")) {
                Files.createDirectories(tracefs.resolve("events").resolve(event));
            }
        }

        // when
        var why = TracefsEventSource.at(tracefs).unavailable();

        // then
        assertThat(why).hasValueSatisfying(w -> assertThat(w)
                .startsWith("this kernel has no tracepoint sock/inet_sk_error_report in " + tracefs.resolve("events"))
                .contains("Linux 5.15 or later"));
    }

    @Test
    void subscribing_where_tracefs_is_unusable_says_why() {
        // then
        assertThatThrownBy(() -> TracefsEventSource.at(tracefs).subscribe(PortSet.of(9000), batch -> { }))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("tracefs is not mounted at " + tracefs)
                .hasMessageNotContaining("\n");
    }

    @Test
    void an_instance_that_cannot_be_set_up_is_removed_and_the_failure_named() throws IOException {
        // given: every directory tracefs has, but an instance made in it has none of the kernel's files
        Files.createDirectories(tracefs.resolve("instances"));
        for (String event : TracefsAccess.EVENTS) {
            Files.createDirectories(tracefs.resolve("events").resolve(event));
        }

        // when / then
        assertThatThrownBy(() -> TracefsEventSource.at(tracefs).subscribe(PortSet.of(9000), batch -> { }))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("trace_clock is missing")
                .hasMessageNotContaining("\n");
        try (Stream<Path> left = Files.list(tracefs.resolve("instances"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void a_buffer_size_out_of_range_is_refused() {
        // then
        assertThatThrownBy(() -> TracefsEventSource.local().withBufferSize(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 to 1048576");
        assertThat(TracefsEventSource.local().withBufferSize(4096)).hasToString("TracefsEventSource[/sys/kernel/tracing, 4096 KiB per CPU]");
    }

    @Test
    void its_name_and_place() {
        // then
        assertThat(TracefsEventSource.local().name()).isEqualTo("tracefs");
        assertThat(TracefsEventSource.at(tracefs).tracefs()).isEqualTo(tracefs);
    }
}
