package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import io.tcpscope.core.ImageUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the helper images come from, on a real engine and a real registry ({@code .ci/registry}):
 * the base pulled for the engine's platform, the host's busybox when it cannot be, one typed error
 * when neither works, and a tag that never names a stale or foreign image. The oracle is the
 * registry's own content: its images hold {@code /arch}, which no host busybox image does.
 */
@ExtendWith(RequiresDocker.class)
class HelperImagesIT {

    private static DockerEngine shared;
    private final List<String> made = new ArrayList<>();
    private final String unique = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void engine() {
        shared = TestEngine.require();
    }

    @AfterEach
    void removeWhatItMade() {
        for (String image : made) {
            try {
                shared.client().removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    /** An engine of its own on the shared client, so that it decides afresh where its helpers come from. */
    private static DockerEngine engineWith(HelperBase base) {
        return DockerEngine.builder().client(shared.client(), shared.endpoint()).helperBase(base).build();
    }

    private String run(String image, String... cmd) {
        DockerClient client = shared.client();
        String id = client.createContainerCmd(image).withEntrypoint(cmd).exec().getId();
        try {
            client.startContainerCmd(id).exec();
            client.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
            var logs = new OutputCollector(1 << 20);
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(logs).awaitCompletion(30, TimeUnit.SECONDS);
            return new String(logs.stdout()).strip() + new String(logs.stderr()).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private String ensureHelper(DockerEngine engine, String name) {
        String image = HelperImage.builder(name).file("/hello", "#!/bin/sh\necho hello from $(cat /arch 2>/dev/null || echo the host)\n")
                .entrypoint("/hello").label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine);
        made.add(image);
        return image;
    }

    private void untag(String image) {
        try {
            shared.client().removeImageCmd(image).exec();
        } catch (RuntimeException ignored) {
            // not there
        }
    }

    @Test
    void the_base_is_pulled_from_its_registry_for_the_engines_platform_and_the_helper_built_on_it() {
        // given: the registry's multi-arch busybox, not on the engine
        String base = TestRegistry.mirroredBase();
        untag(base);
        DockerEngine engine = engineWith(HelperBase.of(base).withHostBusybox(Path.of("/nonexistent/busybox")));
        String platform = engine.parts().helperImages().base().platform();

        // when
        String helper = ensureHelper(engine, "tcpscope-test/pulled-" + unique);

        // then: the engine pulled the index's image for its own platform, and the helper is on it
        InspectImageResponse pulled = shared.client().inspectImageCmd(base).exec();
        assertThat(platform).isEqualTo("linux/" + shared.client().versionCmd().exec().getArch());
        assertThat("linux/" + pulled.getArch()).isEqualTo(platform);
        assertThat(run(helper, "/hello")).isEqualTo("hello from " + pulled.getArch());
        assertThat(helper).matches("tcpscope-test/pulled-" + unique + ":[0-9a-f]{12}");
        assertThat(shared.client().inspectImageCmd(helper).exec().getConfig().getLabels().get(HelperImage.HASH_LABEL))
                .matches("[0-9a-f]{64}").startsWith(helper.substring(helper.indexOf(':') + 1));
    }

    @Test
    void a_base_of_another_architecture_on_the_engine_is_pulled_again_for_the_engines() throws Exception {
        // given: the base's arm64 image under its name, as a pull for another machine leaves it
        String base = TestRegistry.prefixedBase();
        untag(base);
        shared.client().pullImageCmd(base).withPlatform("linux/arm64").exec(new PullImageResultCallback())
                .awaitCompletion(120, TimeUnit.SECONDS);
        assertThat(shared.client().inspectImageCmd(base).exec().getArch()).isEqualTo("arm64");
        DockerEngine engine = engineWith(HelperBase.of(base).withHostBusybox(Path.of("/nonexistent/busybox")));

        // when
        String helper = ensureHelper(engine, "tcpscope-test/rearch-" + unique);

        // then
        String arch = shared.client().versionCmd().exec().getArch();
        assertThat(shared.client().inspectImageCmd(base).exec().getArch()).isEqualTo(arch);
        assertThat(run(helper, "/hello")).isEqualTo("hello from " + arch);
    }

    @Test
    void the_base_is_pulled_for_the_platform_asked_for_not_the_engines_default() {
        // given: a platform other than the engine's own, which the engine would never pick by itself
        String base = TestRegistry.prefixedBase();
        untag(base);
        BaseImage arm = new BaseImage(engineWith(HelperBase.of(base)), HelperBase.of(base)
                .withHostBusybox(Path.of("/nonexistent/busybox")), "linux/arm64");

        // when
        ImageSource source = arm.source();

        // then: the registry's arm64 image, which only a pull that names the platform gets here
        assertThat(shared.client().inspectImageCmd(source.baseId()).exec().getArch()).isEqualTo("arm64");
        untag(base);
    }

    @Test
    void a_base_the_registry_has_not_for_the_engines_platform_is_said_so() {
        String base = TestRegistry.address() + "/" + TestRegistry.ARM64_ONLY;
        DockerEngine engine = engineWith(HelperBase.of(base).withHostBusybox(Path.of("/nonexistent/busybox")));

        assertThatThrownBy(() -> ensureHelper(engine, "tcpscope-test/never-" + unique))
                .isInstanceOfSatisfying(ImageUnavailableException.class, e -> {
                    assertThat(e.image()).isEqualTo(base);
                    assertThat(e.platform()).isEqualTo(engine.parts().helperImages().base().platform());
                    // Docker: no matching manifest for linux/amd64 ...; Podman: no image found in image index for architecture amd64
                    assertThat(e.registryMessage()).contains(shared.client().versionCmd().exec().getArch());
                });
    }

    @Test
    void a_base_that_cannot_be_pulled_is_replaced_by_the_host_busybox() throws Exception {
        // given
        String base = TestRegistry.address() + "/tcpscope-test/absent-" + unique + ":1";
        DockerEngine engine = engineWith(HelperBase.of(base));

        // when
        String helper = ensureHelper(engine, "tcpscope-test/offline-" + unique);

        // then: no /arch, which only the registry's images hold; the busybox is the host's, byte for byte
        assertThat(run(helper, "/hello")).isEqualTo("hello from the host");
        assertThat(run(helper, "/bin/sha256sum", "/bin/busybox")).startsWith(sha256(Path.of(HelperBase.HOST_BUSYBOX_PATH)));
    }

    @Test
    void with_neither_a_pull_nor_a_host_busybox_the_error_names_the_image_quotes_the_registry_and_gives_both_ways_out() {
        // given
        String base = TestRegistry.address() + "/tcpscope-test/absent-" + unique + ":1";
        DockerEngine engine = engineWith(HelperBase.of(base).withHostBusybox(Path.of("/nonexistent/busybox")));

        // then
        assertThatThrownBy(() -> ensureHelper(engine, "tcpscope-test/never-" + unique))
                .isInstanceOfSatisfying(ImageUnavailableException.class, e -> {
                    assertThat(e.image()).isEqualTo(base);
                    assertThat(e.endpoint()).isEqualTo(shared.endpoint());
                    assertThat(e.registryMessage()).contains("manifest unknown");
                    assertThat(e.getMessage())
                            .startsWith("tcpscope builds its helper images from '" + base + "', which the Docker engine at "
                                    + shared.endpoint() + " could not pull for " + e.platform() + ": " + e.registryMessage())
                            .contains("there is no static busybox at /nonexistent/busybox")
                            .contains("TCPSCOPE_HELPER_IMAGE or -Dtcpscope.helper.image")
                            .contains("apt-get install busybox-static")
                            .doesNotContain("\n");
                });
    }

    @Test
    void a_foreign_image_under_a_helpers_tag_is_never_used() {
        // given: the helper's tag, taken by another image (the test busybox, which has no /hello)
        DockerEngine engine = engineWith(HelperBase.of(TestRegistry.mirroredBase()));
        String helper = ensureHelper(engine, "tcpscope-test/foreign-" + unique);
        shared.client().removeImageCmd(helper).withForce(true).exec();
        TestImages.build(shared);
        shared.client().tagImageCmd(TestImages.BUSYBOX, helper.substring(0, helper.indexOf(':')),
                helper.substring(helper.indexOf(':') + 1)).withForce().exec();

        // when
        String again = ensureHelper(engineWith(HelperBase.of(TestRegistry.mirroredBase())), "tcpscope-test/foreign-" + unique);

        // then: the same tag, now on a build of its own
        assertThat(again).isEqualTo(helper);
        assertThat(run(again, "/hello")).startsWith("hello from ");
    }

    @Test
    void a_base_given_by_digest_is_pulled_by_it() throws Exception {
        // given: the index's digest, as the registry gave it to the engine
        String base = TestRegistry.mirroredBase();
        shared.client().pullImageCmd(base).exec(new PullImageResultCallback()).awaitCompletion(120, TimeUnit.SECONDS);
        String digest = shared.client().inspectImageCmd(base).exec().getRepoDigests().stream()
                .filter(d -> d.startsWith(TestRegistry.address() + "/library/busybox@")).findFirst().orElseThrow();
        untag(digest);
        untag(base);
        DockerEngine engine = engineWith(HelperBase.of(digest).withHostBusybox(Path.of("/nonexistent/busybox")));

        // when
        String helper = ensureHelper(engine, "tcpscope-test/digest-" + unique);

        // then
        assertThat(run(helper, "/hello")).isEqualTo("hello from " + shared.client().versionCmd().exec().getArch());
    }

    private static String tagOf(String image) {
        return image.substring(image.lastIndexOf(':') + 1);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /**
     * The shared engine's client, but a build's stream never starts: the engine took the build and says
     * nothing more (a stall no engine makes on demand). {@code started} counts down when a build is sent.
     */
    private static DockerClient stallingBuilds(java.util.concurrent.CountDownLatch started) {
        return stalling("buildImageCmd", com.github.dockerjava.api.command.BuildImageCmd.class, started);
    }

    /** The shared engine's client, but the stream of {@code method}'s command never starts. */
    private static DockerClient stalling(String command, Class<?> type, java.util.concurrent.CountDownLatch started) {
        DockerClient real = shared.client();
        Object[] stalled = new Object[1];
        stalled[0] = java.lang.reflect.Proxy.newProxyInstance(DockerClient.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "exec" -> {
                        started.countDown();
                        yield args[0];
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.getReturnType().isInstance(proxy) ? proxy : null;
                });
        return (DockerClient) java.lang.reflect.Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals(command)) {
                        return stalled[0];
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private HelperImage stallTarget() {
        return HelperImage.builder("tcpscope-test/stalled-" + unique).file("/hello", "#!/bin/sh\necho hello\n")
                .entrypoint("/hello").label(SidecarImage.IMAGE_LABEL, "test").build();
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void a_build_that_does_not_end_within_its_bound_is_a_stalled_engine_naming_the_build() {
        // given: an engine whose builds never end, on a base the engine has, with builds given 2 s
        DockerEngine engine = DockerEngine.builder().client(stallingBuilds(new java.util.concurrent.CountDownLatch(1)),
                "stalling-builds").helperBase(HelperBase.of(HelperBase.DEFAULT_IMAGE)).build();
        HelperImages images = new HelperImages(engine, engine.helperBase(), java.time.Duration.ofSeconds(2));

        // when / then
        assertThatThrownBy(() -> images.ensure(stallTarget()))
                .isInstanceOfSatisfying(io.tcpscope.core.EngineUnavailableException.class,
                        e -> assertThat(e.call()).hasValueSatisfying(call -> assertThat(call)
                                .startsWith("build image tcpscope-test/stalled-" + unique + ":")))
                .hasMessageStartingWith("the Docker engine at stalling-builds did not answer 'build image tcpscope-test/stalled-"
                        + unique + ":")
                .hasMessageContaining("within 2 s")
                .hasMessageNotContaining("\n");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void a_caller_interrupted_during_a_build_says_so_and_keeps_its_flag() throws Exception {
        // given: a build that never ends, and a thread waiting for it
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        DockerEngine engine = DockerEngine.builder().client(stallingBuilds(sent), "stalling-builds")
                .helperBase(HelperBase.of(HelperBase.DEFAULT_IMAGE)).build();
        HelperImages images = new HelperImages(engine, engine.helperBase(), java.time.Duration.ofSeconds(60));
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread builder = new Thread(() -> {
            failure.set(org.assertj.core.api.Assertions.catchThrowable(() -> images.ensure(stallTarget())));
            flagKept.set(Thread.currentThread().isInterrupted());
        }, "tcpscope-test-interrupted-builder");
        builder.start();
        assertThat(sent.await(60, TimeUnit.SECONDS)).as("the build was sent").isTrue();

        // when
        builder.interrupt();
        builder.join();

        // then
        assertThat(failure.get()).isInstanceOf(io.tcpscope.core.EngineUnavailableException.class)
                .hasMessageStartingWith("interrupted while waiting for 'build image tcpscope-test/stalled-" + unique + ":")
                .hasMessageNotContaining("did not answer").hasMessageNotContaining("cannot reach");
        assertThat(flagKept).as("the builder's interrupt flag").isTrue();
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void a_caller_interrupted_during_the_pull_of_the_base_says_so_rather_than_fall_back_to_the_host_busybox()
            throws Exception {
        // given: a base the engine lacks, whose pull never ends, and a host busybox to fall back on
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        String base = "tcpscope-test/absent-" + unique + ":1";
        DockerEngine engine = DockerEngine.builder()
                .client(stalling("pullImageCmd", com.github.dockerjava.api.command.PullImageCmd.class, sent), "stalling-pulls")
                .helperBase(HelperBase.of(base)).build();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread puller = new Thread(() -> {
            failure.set(org.assertj.core.api.Assertions.catchThrowable(() -> engine.parts().helperImages().ensure(stallTarget())));
            flagKept.set(Thread.currentThread().isInterrupted());
        }, "tcpscope-test-interrupted-puller");
        puller.start();
        assertThat(sent.await(60, TimeUnit.SECONDS)).as("the pull was sent").isTrue();

        // when
        puller.interrupt();
        puller.join();

        // then
        assertThat(failure.get()).isInstanceOf(io.tcpscope.core.EngineUnavailableException.class)
                .hasMessageStartingWith("interrupted while waiting for 'pull image '" + base + "'");
        assertThat(flagKept).as("the puller's interrupt flag").isTrue();
    }
}
