package io.tcpscope.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

/**
 * The hexagon, checked on the compiled library code of every module. Each rule is reported on its
 * own; an empty selection fails rather than passing.
 */
@AnalyzeClasses(packages = "io.tcpscope", importOptions = ArchitectureTest.LibraryCodeOnly.class)
class ArchitectureTest {

    /** Library code only: not test classes, whether in test-classes folders or in test-jars. */
    static final class LibraryCodeOnly implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!?/.*");

        @Override
        public boolean includes(Location location) {
            return new DoNotIncludeTests().includes(location) && !location.matches(TEST_JAR);
        }
    }

    @ArchTest
    static final ArchRule core_is_pure = classes()
            .that().resideInAPackage("io.tcpscope.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.tcpscope.core..", "java..", "org.slf4j..")
            .because("core depends on slf4j-api and nothing else: no docker-java, no Logback, no other module");

    @ArchTest
    static final ArchRule docker_adapter_does_not_see_the_procfs_adapter = noClasses()
            .that().resideInAPackage("io.tcpscope.docker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tcpscope.procfs..", "io.tcpscope.testkit..")
            .because("adapters meet only in the testkit, the composition root");

    @ArchTest
    static final ArchRule procfs_adapter_does_not_see_the_docker_adapter = noClasses()
            .that().resideInAPackage("io.tcpscope.procfs..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.tcpscope.docker..", "io.tcpscope.testkit..", "com.github.dockerjava..")
            .because("the procfs adapter reads /proc with no Docker dependency; its PIDs come through core's port");

    /** Files, streams, channels, sockets and processes; addresses (InetAddress) are values, not I/O. */
    private static final DescribedPredicate<JavaClass> IO = new DescribedPredicate<>("do I/O") {
        @Override
        public boolean test(JavaClass c) {
            String name = c.getName();
            return c.getPackageName().equals("java.io") && !name.equals("java.io.Serializable")
                    || name.startsWith("java.nio.file.") || name.startsWith("java.nio.channels.")
                    || c.getPackageName().equals("java.net") && !name.startsWith("java.net.Inet")
                    || name.startsWith("java.net.http.") || name.equals("java.lang.ProcessBuilder")
                    || name.equals("java.lang.Runtime");
        }
    };

    @ArchTest
    static final ArchRule parsers_do_no_io = noClasses()
            .that().resideInAPackage("io.tcpscope.core.parse..")
            .should().dependOnClassesThat(IO)
            .because("parsers are pure functions from text to connections; adapters do the reading");

    @ArchTest
    static final ArchRule library_code_does_not_print = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("library code logs through SLF4J; only the CLI prints");

    @ArchTest
    static final ArchRule no_java_util_logging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("tcpscope logs through SLF4J");
}
