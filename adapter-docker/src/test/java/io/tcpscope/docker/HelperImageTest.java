package io.tcpscope.docker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a helper image holds, how it is built from each source, and what its tag says. */
class HelperImageTest {

    private static final ImageSource BASE = ImageSource.image("busybox:1.37.0-musl", "sha256:aaaa0123456789ffff");
    private static final ImageSource OTHER_BASE = ImageSource.image("busybox:1.37.0-musl", "sha256:bbbb0123456789ffff");
    private static final ImageSource HOST = ImageSource.hostBusybox(Path.of("/bin/busybox"), "cccc");

    private static HelperImage peer(String script) {
        return HelperImage.builder("tcpscope/peer:3").file("/peer", script).file("/session", "#!/bin/sh\n")
                .entrypoint("/peer").label(SidecarImage.IMAGE_LABEL, "peer").build();
    }

    @Test
    void from_a_base_image_the_files_go_on_top_of_its_busybox() {
        assertThat(peer("#!/bin/sh\n").dockerfile(BASE)).isEqualTo("""
                FROM tcpscope/base:aaaa01234567
                COPY file0 /peer
                COPY file1 /session
                LABEL "io.tcpscope.image"="peer"
                ENTRYPOINT ["/peer"]
                """);
    }

    @Test
    void from_the_host_busybox_its_applets_are_linked_into_bin() {
        assertThat(peer("#!/bin/sh\n").dockerfile(HOST)).isEqualTo("""
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                COPY file0 /peer
                COPY file1 /session
                LABEL "io.tcpscope.image"="peer"
                ENTRYPOINT ["/peer"]
                """);
    }

    @Test
    void an_image_without_tools_holds_the_busybox_binary_alone() {
        HelperImage slim = HelperImage.builder("tcpscope-test/slim:1").onlyBusyboxAt("/opt/busybox-node")
                .entrypoint("/opt/busybox-node").build();

        assertThat(slim.dockerfile(BASE)).isEqualTo("""
                FROM tcpscope/base:aaaa01234567 AS base
                FROM scratch
                COPY --from=base /bin/busybox /opt/busybox-node
                LABEL "io.tcpscope.image"="busybox"
                ENTRYPOINT ["/opt/busybox-node"]
                """);
        assertThat(slim.dockerfile(HOST)).startsWith("FROM scratch\nCOPY busybox /opt/busybox-node\nLABEL");
    }

    @Test
    void the_tag_carries_a_hash_of_the_files_and_the_base() {
        // given
        HelperImage one = peer("#!/bin/sh\necho one\n");
        HelperImage same = peer("#!/bin/sh\necho one\n");
        HelperImage two = peer("#!/bin/sh\necho two\n");

        // then
        String hash = one.hash(BASE);
        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(same.hash(BASE));
        assertThat(one.reference(hash)).isEqualTo("tcpscope/peer:3-" + hash.substring(0, 12));
        assertThat(two.hash(BASE)).isNotEqualTo(hash);
        assertThat(one.hash(OTHER_BASE)).isNotEqualTo(hash);
        assertThat(one.hash(HOST)).isNotEqualTo(hash);
        assertThat(one.dockerfileWithHash(BASE, hash)).endsWith("LABEL \"io.tcpscope.image.hash\"=\"" + hash + "\"\n");
    }

    @Test
    void a_name_without_a_tag_gets_the_hash_as_its_tag() {
        HelperImage image = HelperImage.builder("registry.example.com:5000/tcpscope/peer").build();

        assertThat(image.reference("0123456789abcdef")).isEqualTo("registry.example.com:5000/tcpscope/peer:0123456789ab");
    }

    @Test
    void the_build_context_names_the_files_in_the_order_the_dockerfile_copies_them() {
        assertThat(peer("#!/bin/sh\nrun\n").contextFiles())
                .containsExactly(java.util.Map.entry("file0", "#!/bin/sh\nrun\n"), java.util.Map.entry("file1", "#!/bin/sh\n"));
    }

    @Test
    void a_build_is_given_four_response_timeouts_and_never_less_than_a_minute() {
        assertThat(HelperImages.buildBound(java.time.Duration.ofSeconds(30))).isEqualTo(java.time.Duration.ofSeconds(120));
        assertThat(HelperImages.buildBound(java.time.Duration.ofSeconds(90))).isEqualTo(java.time.Duration.ofSeconds(360));
        assertThat(HelperImages.buildBound(java.time.Duration.ofSeconds(2))).isEqualTo(java.time.Duration.ofSeconds(60));
    }
}
