package io.tcpscope.docker;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The uid that root-only tests check is the one {@code id -u} prints, not a name from the environment. */
class TestUserTest {

    @Test
    void the_uid_is_the_one_id_prints() throws Exception {
        // given: another tool's answer
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String printed = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(id.waitFor()).isZero();

        // when / then
        assertThat(TestUser.uid()).isEqualTo(Integer.parseInt(printed));
        assertThat(TestUser.isRoot()).isEqualTo("0".equals(printed));
    }
}
