package io.tcpscope.testcontainers;

import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image with no shell whose service starts listening 20 s after the container starts, waited on
 * both ways. tcpscope's wait reads the container's own table and returns once the service listens.
 * Testcontainers' {@code Wait.forListeningPort()} cannot run its in-container check without
 * {@code /bin/sh}, and its outside check may be answered by the engine's userland port proxy, so
 * it may return while nothing listens yet: whether it does depends on the engine's setup
 * ({@code --userland-proxy}) and on timing, so it is measured and printed, not asserted. The oracle
 * is the kernel's table of the container's process, read as text from {@code /proc} by this test:
 * a row for local port 6379 (hex 18EB) in state 0A (LISTEN).
 */
@ExtendWith(RequiresDocker.class)
class ListeningWaitIT {

    private static final Pattern LISTENING_ON_6379 = Pattern.compile("^\\s*\\d+: [0-9A-F]+:18EB [0-9A-F]+:0000 0A ", Pattern.MULTILINE);

    private static GenericContainer<?> lateListener(WaitStrategy wait) {
        String busybox = TestImages.SLIM_BUSYBOX;
        return new GenericContainer<>(Images.slim())
                .withCommand("sh", "-c", busybox + " sleep 20; exec " + busybox + " nc -ll -p 6379 -e " + busybox + " cat")
                .withExposedPorts(6379)
                .waitingFor(wait);
    }

    @Test
    void after_testcontainers_own_wait_tcpscopes_wait_returns_once_the_service_listens() throws Exception {
        try (GenericContainer<?> redis = lateListener(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)))) {
            // given: a container that Testcontainers' own wait said was ready; whether it was is measured, for the log
            redis.start();
            boolean listenedThen = listening(redis);
            System.out.printf("ListeningWaitIT: when Wait.forListeningPort() returned, the service %s on 6379%n",
                    listenedThen ? "listened" : "did not listen yet");

            // when
            TcpscopeWait.forListeningPort(6379).waitUntilReady(redis);

            // then
            assertThat(listening(redis)).as("a listener on 6379 when TcpscopeWait.forListeningPort(6379) returned").isTrue();
        }
    }

    @Test
    void tcpscopes_wait_returns_once_the_service_listens() throws Exception {
        try (GenericContainer<?> redis = lateListener(TcpscopeWait.forListeningPort(6379))) {
            // when
            redis.start();

            // then
            assertThat(listening(redis)).as("a listener on 6379 when TcpscopeWait.forListeningPort(6379) returned").isTrue();
        }
    }

    private static boolean listening(GenericContainer<?> container) throws Exception {
        return Images.rows(Images.procTables(container), LISTENING_ON_6379) > 0;
    }
}
