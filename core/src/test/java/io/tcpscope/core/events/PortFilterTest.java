package io.tcpscope.core.events;

import io.tcpscope.core.PortSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel filter a port set becomes. */
class PortFilterTest {

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "9000           => sport == 9000 || dport == 9000",
        "9000-9001      => (sport >= 9000 && sport <= 9001) || (dport >= 9000 && dport <= 9001)",
        "9000-9001,7000 => sport == 7000 || dport == 7000 || (sport >= 9000 && sport <= 9001) || (dport >= 9000 && dport <= 9001)",
        "1,65535        => sport == 1 || dport == 1 || sport == 65535 || dport == 65535",
    })
    void each_range_of_the_set_becomes_a_clause_on_either_port(String ports, String filter) {
        // when
        String written = PortFilter.of(PortSet.parse(ports));

        // then
        assertThat(written).isEqualTo(filter);
    }

    @Test
    void a_set_whose_filter_would_not_fit_in_a_page_is_written_as_the_range_that_covers_it() {
        // given: 200 ports, every other one, so that no two merge
        PortSet many = PortSet.of(IntStream.rangeClosed(1, 200).map(i -> 10_000 + 2 * i).toArray());

        // when
        String written = PortFilter.of(many);

        // then
        assertThat(written).isEqualTo("(sport >= 10002 && sport <= 10400) || (dport >= 10002 && dport <= 10400)");
    }

    @Test
    void the_longest_exact_filter_stays_within_the_limit() {
        // given: as many single five-digit ports as fit
        int[] ports = IntStream.rangeClosed(1, 500).map(i -> 10_000 + 2 * i).toArray();
        int fit = 1;
        while (fit < ports.length && exact(java.util.Arrays.copyOf(ports, fit + 1)).length() <= PortFilter.MAX_LENGTH) {
            fit++;
        }
        PortSet longest = PortSet.of(java.util.Arrays.copyOf(ports, fit));

        // when
        String written = PortFilter.of(longest);

        // then
        assertThat(written).isEqualTo(exact(java.util.Arrays.copyOf(ports, fit))).hasSizeLessThanOrEqualTo(PortFilter.MAX_LENGTH);
        assertThat(fit).isGreaterThan(50);
    }

    private static String exact(int[] ports) {
        return String.join(" || ", IntStream.of(ports).mapToObj(p -> "sport == " + p + " || dport == " + p).toList());
    }
}
