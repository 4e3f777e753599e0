package io.tcpscope.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Nothing a caller hands over as an environment variable, and no environment variable of this JVM,
 * reaches a log line at INFO or above: every logger of the JVM, docker-java's included, is
 * recorded at INFO while a cluster starts, is read in every mode, fails and is removed.
 */
class SecretsIT {

    private final String secret = "s3cr3t-" + UUID.randomUUID();
    private final ListAppender<ILoggingEvent> recorded = new ListAppender<>();
    private Logger root;
    private Level rootLevel;
    private Logger tcpscope;
    private Level tcpscopeLevel;

    @BeforeEach
    void recordEveryLoggerAtInfo() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        tcpscope = (Logger) LoggerFactory.getLogger("io.tcpscope");
        rootLevel = root.getLevel();
        tcpscopeLevel = tcpscope.getLevel();
        root.setLevel(Level.INFO);
        tcpscope.setLevel(Level.INFO);
        recorded.start();
        root.addAppender(recorded);
    }

    @AfterEach
    void restore() {
        root.detachAppender(recorded);
        root.setLevel(rootLevel);
        tcpscope.setLevel(tcpscopeLevel);
    }

    @Test
    void no_environment_variable_or_secret_is_logged_at_info() {
        // given: a node with a secret in its environment
        try (Cluster cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("a", n -> n.env("API_TOKEN", secret))
                .node("b", n -> n.dial("a").env("DB_PASSWORD", secret))
                .build().start()) {

            // when: everything a test does with it, failures included
            cluster.await().withTimeout(Duration.ofSeconds(30)).forActiveConnections("a", 1);
            for (InspectorMode mode : InspectorMode.builtIn()) {
                cluster.topology(mode);
            }
            catchThrowable(() -> cluster.connections("no-such-node"));
            cluster.stop("a");
            catchThrowable(() -> cluster.connections("a"));
        }

        // then
        assertThat(recorded.list).as("the test recorded the cluster's own INFO lines").isNotEmpty();
        for (ILoggingEvent event : recorded.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(secret).doesNotContain("API_TOKEN").doesNotContain("DB_PASSWORD");
            System.getenv().forEach((key, value) -> {
                if (value.length() >= 8) {
                    assertThat(line).as("%s's value, logged by %s", key, event.getLoggerName()).doesNotContain(value);
                }
            });
        }
    }
}
