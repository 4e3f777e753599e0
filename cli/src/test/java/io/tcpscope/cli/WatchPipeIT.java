package io.tcpscope.cli;

import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tcpscope watch} with its stdout to a pipe, as in {@code tcpscope watch a b > screens.txt}:
 * screens one after another, with no cursor movement and no colour, so not one ESC byte; and with
 * {@code --color=always}, colour but still no cursor movement.
 */
class WatchPipeIT {

    private static DockerTestCluster containers;

    @BeforeAll
    static void engine() {
        TestEngine.require();
        containers = DockerTestCluster.shared();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void to_a_pipe_it_writes_plain_screens_without_one_escape() throws Exception {
        // when
        Child child = Child.run(120, "watch", containers.listener(), containers.dialer(), "--ports", "9000",
                "--count", "2", "--interval", "100ms");

        // then: both screens, the dialer's link to the listener on each
        assertThat(child.status()).as(child.err()).isZero();
        assertThat(child.out()).contains("sample 1", "sample 2", "Links: 1 open",
                "OPENED " + containers.dialer() + " ").doesNotContain("\033");
        assertThat(child.out().split("tcpscope watch  ", -1)).as("two screens, each under its title").hasSize(3);
        assertThat(child.err()).isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void colour_asked_for_is_given_to_a_pipe_without_cursor_movement() throws Exception {
        // when
        Child child = Child.run(120, "watch", containers.listener(), containers.dialer(), "--ports", "9000",
                "--count", "1", "--color=always");

        // then
        assertThat(child.status()).as(child.err()).isZero();
        assertThat(child.out()).contains("\033[1m").doesNotContain(Terminal.HOME, Terminal.CLEAR_LINE, Terminal.HIDE_CURSOR);
        assertThat(child.out().replaceAll("\033\\[[0-9;]*m", "")).doesNotContain("\033");
    }
}
