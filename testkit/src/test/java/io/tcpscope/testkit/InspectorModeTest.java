package io.tcpscope.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InspectorModeTest {

    @Test
    void built_in_names_give_the_constants_and_other_names_a_mode_of_their_own() {
        assertThat(InspectorMode.named("auto")).isSameAs(InspectorMode.AUTO);
        assertThat(InspectorMode.named("exec")).isSameAs(InspectorMode.DOCKER_EXEC);
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
    void the_installed_modes_are_auto_and_each_provider_in_autos_order() {
        assertThat(InspectorMode.installed()).extracting(InspectorMode::name)
                .containsExactly("auto", "procfs", "engine-procfs", "exec", "sidecar");
        assertThat(InspectorMode.builtIn()).containsExactlyInAnyOrderElementsOf(InspectorMode.installed());
    }
}
