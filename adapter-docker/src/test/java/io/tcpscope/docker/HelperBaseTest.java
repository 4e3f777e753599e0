package io.tcpscope.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which base the helper images are built from, and how a reference to it is read. */
class HelperBaseTest {

    @Test
    void the_property_wins_over_the_variable_which_wins_over_the_default() {
        // given
        Map<String, String> properties = Map.of(HelperBase.PROPERTY, "mirror.example.com/library/busybox:1.37.0-musl");
        Map<String, String> environment = Map.of(HelperBase.ENVIRONMENT, "registry.example.com:5000/busybox:1.36");

        // then
        assertThat(HelperBase.fromEnvironment(properties::get, environment::get))
                .returns("mirror.example.com/library/busybox:1.37.0-musl", HelperBase::image)
                .returns("-Dtcpscope.helper.image", HelperBase::origin);
        assertThat(HelperBase.fromEnvironment(k -> null, environment::get))
                .returns("registry.example.com:5000/busybox:1.36", HelperBase::image)
                .returns("TCPSCOPE_HELPER_IMAGE", HelperBase::origin);
        assertThat(HelperBase.fromEnvironment(k -> null, k -> " "))
                .returns("busybox:1.37.0-musl", HelperBase::image)
                .returns(Path.of("/bin/busybox"), HelperBase::hostBusybox)
                .returns(Duration.ofMinutes(3), HelperBase::pullTimeout);
    }

    @ParameterizedTest
    @CsvSource({
            "busybox:1.37.0-musl, busybox, 1.37.0-musl, , busybox:1.37.0-musl, busybox, 1.37.0-musl",
            "busybox, busybox, , , busybox:latest, busybox, latest",
            "127.0.0.1:5000/library/busybox:1.37.0-musl, 127.0.0.1:5000/library/busybox, 1.37.0-musl, ,"
                    + " 127.0.0.1:5000/library/busybox:1.37.0-musl, 127.0.0.1:5000/library/busybox, 1.37.0-musl",
            "localhost:5000/busybox, localhost:5000/busybox, , , localhost:5000/busybox:latest, localhost:5000/busybox, latest",
            "busybox:1.37.0-musl@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, busybox, 1.37.0-musl,"
                    + " sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"
                    + " busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"
                    + " busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, ",
    })
    void a_reference_is_split_the_way_a_pull_wants_it(String text, String repository, String tag, String digest,
                                                      String local, String pullRepository, String pullTag) {
        ImageRef ref = ImageRef.parse(text, "given");

        assertThat(ref).isEqualTo(new ImageRef(repository, tag, digest));
        assertThat(ref.reference()).isEqualTo(text);
        assertThat(ref.local()).isEqualTo(local);
        assertThat(ref.pullRepository()).isEqualTo(pullRepository);
        assertThat(ref.pullTag()).isEqualTo(pullTag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Busybox:1", "busybox:", "busybox:1 2", "busybox;rm -rf /", "-busybox", "busybox@sha256:12",
            "http://registry/busybox", "busybox:1.37.0:x"})
    void what_is_not_a_reference_is_refused_with_what_to_write(String text) {
        assertThatThrownBy(() -> HelperBase.fromEnvironment(k -> null, Map.of(HelperBase.ENVIRONMENT, text)::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text.strip() + "' (TCPSCOPE_HELPER_IMAGE) is not an image reference;"
                        + " write [registry/]name[:tag][@digest], such as busybox:1.37.0-musl");
    }

    @Test
    void an_empty_variable_is_no_choice() {
        assertThat(HelperBase.fromEnvironment(k -> null, Map.of(HelperBase.ENVIRONMENT, "")::get).image())
                .isEqualTo(HelperBase.DEFAULT_IMAGE);
    }

    @Test
    void a_pull_timeout_is_positive() {
        assertThatThrownBy(() -> HelperBase.of("busybox:1").withPullTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a pull timeout is positive, not PT0S");
        assertThat(HelperBase.of("busybox:1").withPullTimeout(Duration.ofSeconds(5)).pullTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }
}
