package io.tcpscope.docker;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz test of Docker's container-reference grammar: whatever it accepts is a plain name or
 * id, with nothing that a shell or the Engine API's URL path would read as syntax.
 *
 * <p>Without {@code JAZZER_FUZZ} it runs as a regression test over the committed inputs in
 * {@code src/test/resources/io/tcpscope/docker/ContainerRefsFuzzTestInputs/<method>/};
 * {@code fuzz/run} fuzzes it for longer.
 */
class ContainerRefsFuzzTest {

    @FuzzTest
    void container_references(byte[] input) {
        String reference = new String(input, StandardCharsets.UTF_8);
        if (ContainerRefs.isValid(reference)) {
            assertThat(reference).matches("/?[a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
    }
}
