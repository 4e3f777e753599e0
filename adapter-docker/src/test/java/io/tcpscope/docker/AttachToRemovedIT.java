package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineRefusedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attach, with stdin as the engine-side reader's is, to a container removed just before: the
 * engine answers 404 where a stream was expected, which docker-java reports as a protocol error.
 * That is an answer, not an engine out of reach.
 */
@ExtendWith(RequiresDocker.class)
class AttachToRemovedIT {

    private static DockerEngine engine;

    @BeforeAll
    static void engine() {
        engine = TestEngine.require();
        TestImages.build(engine);
    }

    @Test
    @Timeout(60)
    void an_attach_to_a_removed_container_says_the_container_went_away_not_that_the_engine_is_out_of_reach()
            throws Exception {
        // given: a container, removed just before the attach
        String name = "tcpscope-f1-attach-" + UUID.randomUUID().toString().substring(0, 8);
        String id = engine.client().createContainerCmd(TestImages.BUSYBOX).withName(name)
                .withLabels(Map.of("io.tcpscope.test.attach", name)).withStdinOpen(true).withCmd("cat").exec().getId();
        engine.client().removeContainerCmd(id).withForce(true).exec();

        // when: attached to with stdin, as the engine-side reader attaches to its helper
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        try (PipedOutputStream feed = new PipedOutputStream(); PipedInputStream stdin = new PipedInputStream(feed)) {
            engine.client().attachContainerCmd(id).withStdIn(stdin).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onError(Throwable throwable) {
                            failed.complete(throwable);
                        }

                        @Override
                        public void onComplete() {
                            failed.complete(null);
                        }
                    });
            Throwable error = failed.get(30, TimeUnit.SECONDS);
            assertThat(error).as("the engine's refusal of the attach").isInstanceOf(RuntimeException.class);

            // then: about the container, it is gone; about nothing in particular, the engine refused, with its status
            assertThat(engine.translate(id, (RuntimeException) error, true, "attach to " + name))
                    .isInstanceOf(ContainerUnavailableException.class)
                    .satisfies(e -> assertThat(((ContainerUnavailableException) e).condition())
                            .isEqualTo(ContainerUnavailableException.Condition.REMOVED));
            assertThat(engine.translate(null, (RuntimeException) error, false, "attach to " + name))
                    .isInstanceOf(EngineRefusedException.class)
                    .satisfies(e -> assertThat(((EngineRefusedException) e).statusCode()).isEqualTo(404))
                    .hasMessageNotContaining("cannot reach");
        }
    }
}
