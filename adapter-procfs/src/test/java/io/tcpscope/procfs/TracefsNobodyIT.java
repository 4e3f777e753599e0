package io.tcpscope.procfs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that is not root, on a host whose tracefs only root may enter (its default, mode
 * 0700): it is told so, with what to do, both when it asks and when it subscribes anyway. Becoming
 * nobody needs root; with {@code CI=true} a JVM that is not root fails here instead of skipping.
 */
@Timeout(120)
class TracefsNobodyIT {

    private static AsNobody nobody;

    @BeforeAll
    static void becomeNobody() throws IOException {
        KernelEvents.requireTracefs();
        nobody = AsNobody.start();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (nobody != null) {
            nobody.close();
        }
    }

    @Test
    void a_process_that_may_not_enter_tracefs_is_told_to_run_as_root() throws Exception {
        // when
        String said = nobody.java(NobodyTracefs.class);

        // then
        String why = "this process (uid 65534) may not read /sys/kernel/tracing; run as root, or mount tracefs with gid= a group of this user";
        assertThat(said.lines()).containsExactly(
                "unavailable: " + why,
                "subscribe: PermissionDeniedException: permission denied reading /sys/kernel/tracing/instances; " + why);
    }
}
