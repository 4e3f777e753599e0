package io.tcpscope.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import io.tcpscope.archowner.UsesItsOwnInternals;
import io.tcpscope.archowner.internal.Hidden;
import io.tcpscope.archuser.CallsDocker;
import io.tcpscope.archuser.ReachesIn;
import io.tcpscope.testkit.archfixture.PollsItself;
import io.tcpscope.testkit.archfixture.UsesJUnit;
import io.tcpscope.testkit.internal.Polling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The newer rules can fail: each one, run on classes made to break it, reports them. */
class ArchitectureRulesTest {

    private static JavaClasses of(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    @Test
    void a_module_may_use_its_own_internals_and_no_other_modules() {
        assertThat(ArchitectureRules.no_module_reaches_into_another_modules_internals
                .evaluate(of(Hidden.class, UsesItsOwnInternals.class)).hasViolation()).isFalse();
        assertThat(ArchitectureRules.no_module_reaches_into_another_modules_internals
                .evaluate(of(Hidden.class, ReachesIn.class)).getFailureReport().getDetails())
                .singleElement().asString().contains(ReachesIn.class.getName(), Hidden.class.getName());
    }

    @Test
    void docker_java_outside_the_docker_adapter_is_reported() {
        assertThat(ArchitectureRules.docker_java_is_used_in_the_docker_adapter_only.evaluate(of(CallsDocker.class))
                .hasViolation()).isTrue();
        assertThat(ArchitectureRules.docker_java_is_used_in_the_docker_adapter_only.evaluate(of(ReachesIn.class))
                .hasViolation()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "file:/m/target/classes/io/tcpscope/A.class, true",
            "file:/m/target/junit6/classes/io/tcpscope/A.class, true",
            "jar:file:/r/tcpscope-core-0.1.0-SNAPSHOT.jar!/io/tcpscope/A.class, true",
            "file:/m/target/test-classes/io/tcpscope/ATest.class, false",
            "file:/m/target/junit6/test-classes/io/tcpscope/ATest.class, false",
            "jar:file:/r/tcpscope-core-0.1.0-SNAPSHOT-tests.jar!/io/tcpscope/ATest.class, false"})
    void library_code_is_the_main_classes_wherever_the_build_puts_them(URI location, boolean library) {
        assertThat(new ArchitectureRules.LibraryCodeOnly().includes(Location.of(location))).isEqualTo(library);
    }

    @Test
    void a_test_framework_in_the_testkit_is_reported() {
        assertThat(ArchitectureRules.the_testkit_is_framework_neutral.evaluate(of(UsesJUnit.class)).hasViolation()).isTrue();
    }

    @Test
    void a_poller_beside_the_one_poller_is_reported() {
        assertThat(ArchitectureRules.one_poller_in_one_place.evaluate(of(PollsItself.class)).hasViolation()).isTrue();
        assertThat(ArchitectureRules.one_poller_in_one_place.evaluate(of(Polling.class, UsesJUnit.class)).hasViolation()).isFalse();
    }
}
