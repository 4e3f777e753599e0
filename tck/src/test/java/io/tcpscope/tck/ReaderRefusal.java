package io.tcpscope.tck;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an engine that cannot run the engine-procfs reader's helper must see of that mode. */
final class ReaderRefusal {

    private ReaderRefusal() {
    }

    /**
     * Reads a target twice in mode engine-procfs: each read fails, saying the given words; the engine
     * is asked to create a helper once, since the refusal is remembered; and no helper is left.
     */
    static void assertRefusedOnce(String target, String... words) {
        AtomicInteger creates = new AtomicInteger();
        try (DockerEngine engine = DockerEngine.of(TestEngine.counting(TestEngine.client(), "createContainerCmd"::equals, creates));
             var reader = InspectorProviders.installed().require("engine-procfs")
                     .create(InspectionContext.builder().with(DockerEngine.class, engine).build())) {
            for (int read = 0; read < 2; read++) {
                var refused = assertThatThrownBy(() -> reader.connections(target)).isInstanceOf(InspectionFailedException.class);
                for (String word : words) {
                    refused.hasMessageContaining(word);
                }
            }
            assertThat(creates).as("helpers the engine was asked to create").hasValue(1);
        }
        assertThat(TestEngine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.tcpscope", "engine-procfs")).exec()).as("reader helpers left").isEmpty();
    }
}
