package io.tcpscope.testkit;

import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.DockerEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InspectorModeTest {

    @Test
    void built_in_names_give_the_constants_and_other_names_a_mode_of_their_own() {
        assertThat(InspectorMode.named("auto")).isSameAs(InspectorMode.AUTO);
        assertThat(InspectorMode.named("exec")).isSameAs(InspectorMode.EXEC);
        assertThat(InspectorMode.named("procfs")).isSameAs(InspectorMode.PROCFS);
        assertThat(InspectorMode.named("sidecar")).isSameAs(InspectorMode.SIDECAR);
        assertThat(InspectorMode.named("nsenter")).isEqualTo(InspectorMode.named("nsenter"))
                .isNotEqualTo(InspectorMode.PROCFS).hasToString("nsenter");
        assertThat(InspectorMode.named("nsenter").isAuto()).isFalse();
    }

    @Test
    void a_malformed_name_is_refused_with_the_modes_there_are() {
        assertThatThrownBy(() -> InspectorMode.named("Ns Enter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 'Ns Enter'; the modes are [auto, procfs, engine-procfs, exec, sidecar]");
    }

    @Test
    void a_mode_with_no_provider_on_the_class_path_has_no_inspector_and_says_which_modes_there_are() {
        // an engine object that never calls its engine: making an inspector asks nothing of it
        try (DockerEngine engine = DockerEngine.builder().host("unix:///nonexistent/docker.sock").build()) {
            assertThatThrownBy(() -> InspectorMode.named("nsenter").inspector(engine, SharedNamespacePolicy.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nsenter");
            assertThatThrownBy(() -> InspectorMode.EXEC.inspector(engine, null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("policy must not be null");
        }
    }

    @Test
    void the_installed_modes_are_auto_and_each_provider_in_autos_order() {
        assertThat(InspectorMode.installed()).extracting(InspectorMode::name)
                .containsExactly("auto", "procfs", "engine-procfs", "exec", "sidecar");
        assertThat(InspectorMode.builtIn()).containsExactlyInAnyOrderElementsOf(InspectorMode.installed());
    }

    @Test
    void a_recorder_samples_every_second_where_each_snapshot_is_an_exec_per_node_and_every_100_ms_elsewhere() {
        assertThat(ClusterReads.samplingInterval(InspectorMode.EXEC)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ClusterReads.samplingInterval(InspectorMode.SIDECAR)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ClusterReads.samplingInterval(InspectorMode.named("exec"))).isEqualTo(Duration.ofSeconds(1));
        for (InspectorMode cheap : new InspectorMode[] {InspectorMode.AUTO, InspectorMode.PROCFS,
                InspectorMode.ENGINE_PROCFS, InspectorMode.named("nsenter")}) {
            assertThat(ClusterReads.samplingInterval(cheap)).as(cheap.name()).isEqualTo(Duration.ofMillis(100));
        }
    }
}
