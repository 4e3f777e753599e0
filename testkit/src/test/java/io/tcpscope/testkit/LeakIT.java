package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.docker.DockerTestCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 calls that fail, on a missing, a stopped and a paused container in turn, leave no thread,
 * file descriptor or exec session behind, and each one fails with the container's condition.
 */
class LeakIT {

    private static final int FAILING_CALLS = 1_000;

    @ParameterizedTest
    @ValueSource(strings = {"exec", "procfs", "engine-procfs"})
    void a_thousand_failing_calls_leak_nothing(InspectorMode mode) {
        // given
        DockerTestCluster cluster = DockerTestCluster.shared();
        ConnectionInspector inspector = Inspectors.create(mode, cluster.engine());
        // procfs and the engine-procfs reader read a paused container (its namespace's table is there), so
        // only exec fails on one
        List<String> failing = !mode.equals(InspectorMode.EXEC) ? List.of(cluster.missing(), cluster.stopped())
                : List.of(cluster.missing(), cluster.stopped(), cluster.paused());
        for (String container : failing) {
            catchThrowable(() -> inspector.connections(container)); // warm-up: classes, pool
        }
        Resources baseline = Resources.now();

        // when
        long start = System.nanoTime();
        int typed = 0;
        for (int i = 0; i < FAILING_CALLS; i++) {
            int call = i;
            Throwable thrown = catchThrowable(() -> inspector.connections(failing.get(call % failing.size())));
            if (thrown instanceof ContainerUnavailableException) {
                typed++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // then
        assertThat(typed).as("calls that failed with ContainerUnavailableException").isEqualTo(FAILING_CALLS);
        AtomicReference<Resources> after = new AtomicReference<>();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> after.set(Resources.assertBackTo(baseline)));
        assertThat(Resources.execSessions(cluster.engine(), List.of(cluster.stopped(), cluster.paused()))).isEmpty();
        assertThat(withoutDetails(inspector.connections(cluster.listener())))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
        LoggerFactory.getLogger(LeakIT.class).info(String.format(Locale.ROOT, "leak %s: %d failing calls in %.1f s; baseline %s, after %s",
                mode, FAILING_CALLS, seconds, baseline, after.get()));
    }
}
