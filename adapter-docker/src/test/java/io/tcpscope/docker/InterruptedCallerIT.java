package io.tcpscope.docker;

import io.tcpscope.core.TcpscopeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A caller whose interrupt flag is set, on a real engine: every way of reading gives a typed
 * failure (docker-java's connection pool would throw an untyped {@code CancellationException}),
 * the caller keeps its interrupt flag, and the next read, uninterrupted, works.
 */
@ExtendWith(RequiresDocker.class)
class InterruptedCallerIT {

    private static DockerTestCluster cluster;
    private static DockerEngine engine;

    enum Read {
        INSPECT, EXEC, SIDECAR, ENGINE_PROCFS,
        /** The engine-procfs read of an engine of its own, which starts its helper on that read. */
        ENGINE_PROCFS_STARTING;

        void make(DockerEngine engine, String container) {
            switch (this) {
                case INSPECT -> engine.runtime().inspect(container);
                case EXEC -> new DockerCommandExecutor(engine)
                        .execute(container, List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(20));
                case SIDECAR -> new SidecarInspector(engine, SidecarImage.standard()).connections(container);
                case ENGINE_PROCFS -> new EngineProcfsInspector(engine).connections(container);
                case ENGINE_PROCFS_STARTING -> {
                    try (DockerEngine own = DockerEngine.fromEnvironment()) {
                        new EngineProcfsInspector(own).connections(container);
                    }
                }
            }
        }
    }

    @BeforeAll
    static void engine() {
        cluster = DockerTestCluster.shared();
        engine = cluster.engine();
    }

    @ParameterizedTest
    @EnumSource(Read.class)
    @Timeout(120)
    void an_interrupted_caller_gets_a_typed_failure_and_keeps_its_interrupt_flag(Read read) throws InterruptedException {
        // given: the read works, so that its images are built and its helper, if any, is up
        read.make(engine, cluster.listener());
        List<String> helpers = helpers();

        // when: a thread that is interrupted reads
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            thrown.set(catchThrowable(() -> read.make(engine, cluster.listener())));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }, "tcpscope-test-interrupted-caller");
        caller.start();
        caller.join();

        // then: a call that the engine answered at once may still return; any failure is typed
        if (thrown.get() != null) {
            assertThat(thrown.get()).as("what an interrupted caller gets").isInstanceOf(TcpscopeException.class)
                    .hasMessageNotContaining("\n");
            if (thrown.get() instanceof io.tcpscope.core.EngineUnavailableException) {
                // the engine answers; only the caller gave up
                assertThat(thrown.get()).hasMessageStartingWith("interrupted while waiting for");
            }
        }
        assertThat(stillInterrupted).as("the caller's interrupt flag").isTrue();

        // and: no helper of its is left, in the engine's own list
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(helpers()).as("helper containers left by the interrupted read").isSubsetOf(helpers));

        // and: the next read works
        read.make(engine, cluster.listener());
    }

    @org.junit.jupiter.api.Test
    @Timeout(60)
    void a_helper_is_removed_for_a_caller_whose_interrupt_flag_is_set_and_the_flag_is_kept() throws InterruptedException {
        // given: a container made as a helper is, labelled with this JVM
        String id = engine.client().createContainerCmd(TestImages.BUSYBOX).withCmd("sleep", "100000")
                .withLabels(Map.of(SidecarImage.LABEL, "sidecar", ContainerRuntime.OWNER_LABEL, Owner.self().label()))
                .exec().getId();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();

        // when: an interrupted caller removes it, as a helper run's cleanup does
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            failure.set(engine.parts().removal().remove(id, "a sidecar helper"));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }, "tcpscope-test-interrupted-remover");
        caller.start();
        caller.join();

        // then: it is gone from the engine's own list, and the caller keeps its flag
        assertThat(failure.get()).as("the removal's failure").isNull();
        assertThat(engine.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec()).isEmpty();
        assertThat(stillInterrupted).as("the caller's interrupt flag").isTrue();
    }

    /** This JVM's helper containers, the engine-side reader's and the sidecar's, as the engine lists them. */
    private static List<String> helpers() {
        return java.util.stream.Stream.of("engine-procfs", "sidecar").flatMap(role -> engine.client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(SidecarImage.LABEL, role, ContainerRuntime.OWNER_LABEL, Owner.self().label()))
                .exec().stream()).map(com.github.dockerjava.api.model.Container::getId).toList();
    }

    @org.junit.jupiter.api.Test
    @Timeout(60)
    void what_the_client_throws_on_an_interrupted_thread_is_translated_to_a_typed_failure() throws InterruptedException {
        // given: docker-java's own failure on an interrupted thread, from a real call outside the engine's bound, about
        // no container in particular (as a helper's create is), so that no inspect of one types it
        AtomicReference<Throwable> raw = new AtomicReference<>();
        AtomicReference<Throwable> translated = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                engine.client().inspectContainerCmd(cluster.listener()).exec();
            } catch (RuntimeException e) {
                raw.set(e);
                // when
                translated.set(engine.translate(null, e, false, "inspect container " + cluster.listener()));
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }, "tcpscope-test-interrupted-client");
        caller.start();
        caller.join();

        // then: the untyped failure the pool gives becomes a typed one, and the flag stays set
        assertThat(raw.get()).as("docker-java's failure").isNotNull().isNotInstanceOf(TcpscopeException.class);
        assertThat(translated.get()).isInstanceOf(io.tcpscope.core.EngineUnavailableException.class)
                .hasMessageStartingWith("interrupted while waiting for 'inspect container " + cluster.listener() + "' on "
                        + engine.endpoint())
                .hasMessageNotContaining("cannot reach").hasMessageNotContaining("\n");
        assertThat(stillInterrupted).as("the caller's interrupt flag").isTrue();
    }
}
