package io.tcpscope.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines of the documentation site's CLI page that need no kernel and no engine
 * ({@code src/test/resources/samples/*.sh}), each run as written: it must exit 0 and print exactly
 * what the page shows beside it ({@code NAME.out}). Those that read this machine or a container are
 * {@link DocsSamplesIT}'s.
 *
 * <p>After a change of the output, {@code -Dtcpscope.samples.update=true} writes each {@code NAME.out}
 * anew from the run (then read the diff before committing it).
 */
class DocsSamplesTest {

    static List<Sample> samples() {
        return Sample.in(Sample.FOLDER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void prints_what_the_site_shows(Sample sample) throws Exception {
        // when
        Run run = sample.run(Map.of());

        // then
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        if (Boolean.getBoolean("tcpscope.samples.update")) {
            Files.writeString(sample.expectedOutput(), run.out(), StandardCharsets.UTF_8);
        }
        assertThat(sample.expectedOutput()).as("the output the site shows").exists();
        assertThat(run.out()).isEqualTo(Files.readString(sample.expectedOutput(), StandardCharsets.UTF_8));
    }
}
