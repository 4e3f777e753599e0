package io.tcpscope.core.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ContainerReferencesTest {

    private static final String ID = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    @ParameterizedTest(name = "{0} is an id: {1}")
    @CsvSource({
            // the full id, and prefixes from the short id up
            ID + ", true",
            "3f2a1b2c3d4e, true",
            "3f2a1b2c3d4e5f60, true",
            // too short to be told from a name: db, 1, cafe and an 11-digit prefix
            "3f2a1b2c3d4, false",
            "3f, false",
            "1, false",
            "cafe, false",
            // not the id's prefix, not hex, upper case (Docker's ids are lower case), a name's slash
            "3f2a1b2c3d4f, false",
            "3f2a1b2c3d4e-x, false",
            "3F2A1B2C3D4E, false",
            "/3f2a1b2c3d4e, false",
            "node-a, false",
    })
    void a_reference_is_an_id_only_as_the_full_id_or_a_long_enough_hex_prefix(String reference, boolean id) {
        assertThat(ContainerReferences.isIdOf(reference, ID, "/node-a")).isEqualTo(id);
    }

    @Test
    void a_name_that_looks_like_the_id_is_a_name() {
        // a container named after the first 12 digits of its own id: a rename can give the name away
        assertThat(ContainerReferences.isIdOf("3f2a1b2c3d4e", ID, "/3f2a1b2c3d4e")).isFalse();
        assertThat(ContainerReferences.isIdOf("3f2a1b2c3d4e", ID, "3f2a1b2c3d4e")).isFalse();
    }

    @Test
    void nothing_is_the_id_of_a_container_whose_id_is_unknown() {
        assertThat(ContainerReferences.isIdOf("3f2a1b2c3d4e", null, null)).isFalse();
        assertThat(ContainerReferences.isIdOf(ID, ID, null)).isTrue();
        assertThatNullPointerException().isThrownBy(() -> ContainerReferences.isIdOf(null, ID, "a"));
    }
}
