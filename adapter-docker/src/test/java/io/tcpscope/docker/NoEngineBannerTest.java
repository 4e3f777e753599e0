package io.tcpscope.docker;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The banner that says how many tests a missing engine skipped, on runs of the fixture classes
 * below through a launcher of its own. The fixtures are not tests of this build: surefire leaves
 * nested classes out, and JUnit runs a static nested class only when it is selected.
 */
class NoEngineBannerTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final NoEngineBanner banner = new NoEngineBanner(() -> new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void junit_finds_it_on_the_classpath_that_the_test_jar_carries() {
        assertThat(ServiceLoader.load(TestExecutionListener.class)).hasAtLeastOneElementOfType(NoEngineBanner.class);
    }

    @Test
    void a_run_that_skipped_nothing_for_lack_of_an_engine_says_nothing() {
        // when: a test passes, and another is skipped by an assumption of its own
        long run = run(Passes.class, OtherAssumption.class);

        // then
        assertThat(run).isEqualTo(2);
        assertThat(printed()).isEmpty();
    }

    @Test
    void every_test_skipped_for_lack_of_an_engine_is_counted_and_said_once_at_the_end() {
        // when: 1 test of OneTestAborted, 3 invocations of ParameterizedAborted, and ClassAborted whole:
        // 2 tests, a parameterized test never invoked, and 1 test of a nested class
        run(OneTestAborted.class, ParameterizedAborted.class, ClassAborted.class, OtherAssumption.class, Passes.class);

        // then
        String said = printed();
        assertThat(said).contains("SKIPPED: 8 tests need a Docker engine, and none answered.")
                .contains("  cannot reach the Docker engine at unix:///nowhere.sock")
                .contains("  In: NoEngineBannerTest.ClassAborted, NoEngineBannerTest.ClassAborted.Inner,"
                        + " NoEngineBannerTest.OneTestAborted, NoEngineBannerTest.ParameterizedAborted\n")
                .contains("'bash .ci/docker-engine'")
                .contains("With CI=true a")
                .doesNotContain("OtherAssumption", "Passes");
        assertThat(said.split("SKIPPED:", -1)).as("banners").hasSize(2);
    }

    @Test
    void one_test_is_one_test_and_each_run_says_its_own() {
        // when
        run(OneTestAborted.class);
        run(OneTestAborted.class);

        // then
        assertThat(printed().split("SKIPPED: 1 test needs a Docker engine", -1)).as("banners").hasSize(3);
    }

    /** Runs the classes with the banner as the only listener of ours, and returns how many tests ran or were skipped. */
    private long run(Class<?>... classes) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request().selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toList()).build(),
                banner, summary);
        assertThat(summary.getSummary().getTotalFailureCount()).as("failures of the fixtures").isZero();
        return summary.getSummary().getTestsStartedCount();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static NoEngineException noEngine() {
        return new NoEngineException("cannot reach the Docker engine at unix:///nowhere.sock");
    }

    static class Passes {
        @Test
        void passes() {
        }
    }

    static class OtherAssumption {
        @Test
        void assumes_something_else() {
            Assumptions.assumeTrue(false, "not about the engine");
        }
    }

    static class OneTestAborted {
        @Test
        void needs_the_engine() {
            throw noEngine();
        }

        @Test
        void does_not() {
        }
    }

    static class ParameterizedAborted {
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void needs_the_engine(int i) {
            throw noEngine();
        }
    }

    /** What {@link RequiresDocker} does when no engine answers. */
    static class AbortsBeforeAll implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            throw noEngine();
        }
    }

    @ExtendWith(AbortsBeforeAll.class)
    static class ClassAborted {
        @Test
        void one() {
        }

        @Test
        void two() {
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void many(int i) {
        }

        @Nested
        class Inner {
            @Test
            void three() {
            }
        }
    }
}
