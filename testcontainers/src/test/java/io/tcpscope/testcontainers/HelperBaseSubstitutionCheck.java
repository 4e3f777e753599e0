package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.HelperBase;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper base goes through the user's Testcontainers image name substitution: the
 * {@code hub.image.name.prefix} first, then a substitutor of the user's own. Not an {@code *IT}: it
 * runs in a failsafe execution of its own (see the POM), with {@code TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX} naming the
 * test registry ({@code .ci/registry}) and {@code TESTCONTAINERS_IMAGE_SUBSTITUTOR} naming
 * {@link RecordingSubstitutor}, since both apply to every image of the JVM.
 */
@ExtendWith(RequiresDocker.class)
class HelperBaseSubstitutionCheck {

    @Test
    void the_base_is_pulled_under_the_name_the_prefix_and_the_users_substitutor_give_it() throws Exception {
        // given: neither name on the engine
        String prefixed = TestRegistry.prefixedBase();      // <registry>/busybox:<tag>: the prefix's work
        String substituted = TestRegistry.mirroredBase();   // <registry>/library/busybox:<tag>: the user's
        DockerClient client = DockerClientFactory.instance().client();
        for (String image : List.of(prefixed, substituted)) {
            try {
                client.removeImageCmd(image).exec();
            } catch (RuntimeException notThere) {
                // already gone
            }
        }

        // when: tcpscope's default engine, which is Testcontainers' here, builds a helper
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            String helper = engine.runtime().ensureImage("tcpscope-test/substituted",
                    Map.of("/hello", "#!/bin/sh\necho hello from $(cat /arch)\n"), List.of("/hello"));

            // then
            assertThat(RecordingSubstitutor.SEEN).contains(prefixed);
            assertThat(engine.helperBase().image()).isEqualTo(substituted);
            assertThat(client.inspectImageCmd(substituted).exec().getArch())
                    .isEqualTo(client.versionCmd().exec().getArch());
            // (run by hand: Testcontainers would prefix the local helper's name too, as it does any name
            // without a registry)
            String hello = client.createContainerCmd(helper).exec().getId();
            try {
                client.startContainerCmd(hello).exec();
                client.waitContainerCmd(hello).start().awaitStatusCode(30, TimeUnit.SECONDS);
                StringBuilder out = new StringBuilder();
                client.logContainerCmd(hello).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
                assertThat(out.toString()).contains("hello from " + client.versionCmd().exec().getArch());
            } finally {
                client.removeContainerCmd(hello).withForce(true).exec();
                client.removeImageCmd(helper).withForce(true).exec();
            }
        }
        assertThat(HelperBase.fromEnvironment().image()).isEqualTo(HelperBase.DEFAULT_IMAGE);
    }
}
