package io.tcpscope.testkit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How long a change or a close waits for the reads under way: the default timeout, within 5 to 60 s. */
class ClusterLockBoundTest {

    @ParameterizedTest(name = "{0} s -> {1} s")
    @CsvSource({"0, 5", "1, 5", "5, 5", "30, 30", "60, 60", "600, 60"})
    void the_bound_is_the_default_timeout_kept_within_5_and_60_seconds(long timeout, long bound) {
        assertThat(Cluster.lockBound(Duration.ofSeconds(timeout))).isEqualTo(Duration.ofSeconds(bound));
    }
}
