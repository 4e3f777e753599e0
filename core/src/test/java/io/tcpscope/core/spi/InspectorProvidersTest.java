package io.tcpscope.core.spi;

import io.tcpscope.core.ConnectionInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InspectorProvidersTest {

    /** A provider of a name and priority whose inspector lists nothing. */
    record Named(String name, int priority) implements InspectorProvider {
        @Override
        public String description() {
            return name + " for tests";
        }

        @Override
        public boolean canServe(String target, InspectionContext context) {
            return true;
        }

        @Override
        public ConnectionInspector create(InspectionContext context) {
            return target -> List.of();
        }
    }

    @Test
    void orders_providers_by_priority_then_name_and_leaves_negative_ones_out_of_auto() {
        // when
        InspectorProviders providers = InspectorProviders.of(List.of(
                new Named("sidecar", 100), new Named("nsenter", -1), new Named("procfs", 300),
                new Named("exec", 200), new Named("agent", 200)));

        // then
        assertThat(providers.names()).containsExactly("procfs", "agent", "exec", "sidecar", "nsenter");
        assertThat(providers.forAuto()).extracting(InspectorProvider::name)
                .containsExactly("procfs", "agent", "exec", "sidecar");
        assertThat(providers.modeNames()).containsExactly("auto", "procfs", "agent", "exec", "sidecar", "nsenter");
        assertThat(providers.find("nsenter")).map(InspectorProvider::priority).contains(-1);
    }

    @Test
    void refuses_two_providers_of_one_name() {
        assertThatThrownBy(() -> InspectorProviders.of(List.of(new Named("exec", 1), new Named("exec", 2))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two inspector providers are named 'exec'");
    }

    @Test
    void refuses_malformed_names_and_auto() {
        for (String name : new String[] {"auto", "Exec", "", "9lives", "a b", "x".repeat(33)}) {
            assertThatThrownBy(() -> InspectorProviders.of(List.of(new Named(name, 1)))).as(name)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is named '" + name + "'");
        }
    }

    @Test
    void a_service_file_that_names_a_missing_class_is_an_error_that_names_it(@TempDir Path jar) throws Exception {
        // given: an adapter jar whose service file names a class it does not hold
        Path services = Files.createDirectories(jar.resolve("META-INF/services"));
        Files.writeString(services.resolve(InspectorProvider.class.getName()), "com.example.Missing\n");

        // then
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> InspectorProviders.load(loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("an inspector provider on the class path cannot be loaded")
                    .hasMessageContaining("com.example.Missing");
        }
    }

    @Test
    void an_unknown_name_lists_the_modes_there_are() {
        InspectorProviders providers = InspectorProviders.of(List.of(new Named("exec", 200)));

        assertThatThrownBy(() -> providers.require("nsenter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no inspector provider is named 'nsenter'; the modes are auto, exec");
    }

    @Test
    void a_context_gives_what_it_was_given_and_names_what_it_lacks() {
        // given
        InspectionContext context = InspectionContext.builder().with(CharSequence.class, "engine").build();

        // then
        assertThat(context.find(CharSequence.class)).contains("engine");
        assertThat(context.find(Integer.class)).isEmpty();
        assertThatThrownBy(() -> context.require(Integer.class, "nsenter"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mode 'nsenter' needs a java.lang.Integer, and this context has java.lang.CharSequence");
        assertThatThrownBy(() -> InspectionContext.empty().require(Integer.class, "exec"))
                .hasMessageEndingWith("and this context has nothing");
    }
}
