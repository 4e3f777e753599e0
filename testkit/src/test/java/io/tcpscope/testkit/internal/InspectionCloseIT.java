package io.tcpscope.testkit.internal;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A snapshot under way when its inspection is closed without waiting for it ends, with a typed
 * error that says the inspection was closed, even for the reads that were still queued behind
 * stalled ones. The stall is real: the container's {@code cat} sleeps, so every exec-mode read of it
 * stalls; the engine's process listing ({@code docker top}) says when the reads are under way.
 */
@Timeout(180)
class InspectionCloseIT {

    /** More members than the inspection has reader threads (8), so that some reads wait in the queue. */
    private static final int MEMBERS = 12;

    private final DockerEngine engine = TestEngine.require();
    private final DockerClient docker = TestEngine.client();
    private final String name = "tk-close-" + UUID.randomUUID().toString().substring(0, 8);
    private String container;

    @AfterEach
    void remove() {
        if (container != null) {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    @Test
    void a_snapshot_with_reads_queued_when_the_inspection_closes_ends_with_a_typed_error() throws Exception {
        // given: a container whose every table read stalls, and a snapshot of it under way
        container = docker.createContainerCmd(TestImages.builtOn(engine)).withName(name).withCmd("sleep", "600")
                .exec().getId();
        docker.startContainerCmd(container).exec();
        assertThat(exec("sh", "-c", "rm /bin/cat && printf '#!/bin/sh\\nexec /bin/busybox sleep 601\\n' > /bin/cat"
                + " && chmod +x /bin/cat")).as("cat replaced").isZero();
        List<Member> members = IntStream.rangeClosed(1, MEMBERS).mapToObj(i -> new Member("m" + i, container)).toList();
        Inspection inspection = new Inspection("test " + name, engine, false, InspectorMode.EXEC, PortSet.P2P_DEFAULT,
                SharedNamespacePolicy.DEFAULT, Duration.ofSeconds(1));
        CompletableFuture<Topology> snapshot = CompletableFuture.supplyAsync(() -> inspection.topology(() -> members, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> stalledReads() > 0);

        // when: the close cannot have the lock within its 1 s, and closes without it
        inspection.close();

        // then
        Throwable thrown;
        try {
            snapshot.get(60, TimeUnit.SECONDS);
            thrown = null;
        } catch (ExecutionException e) {
            thrown = e.getCause();
        }
        assertThat(thrown).isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("test " + name + " was closed while this read was under way");
    }

    private int exec(String... argv) {
        return new DockerCommandExecutor(engine).execute(container, List.of(argv), Duration.ofSeconds(30)).exitCode();
    }

    /** How many of the container's processes are the sleeping {@code cat}, as the engine lists them. */
    private int stalledReads() {
        String[][] processes = docker.topContainerCmd(container).exec().getProcesses();
        List<String[]> rows = new ArrayList<>(Arrays.asList(processes == null ? new String[0][] : processes));
        return (int) rows.stream().filter(row -> String.join(" ", row).contains("sleep 601")).count();
    }
}
