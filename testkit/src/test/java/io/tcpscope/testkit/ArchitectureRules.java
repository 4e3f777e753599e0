package io.tcpscope.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

/**
 * The hexagon's rules, shared by every module that runs them: the testkit checks core, the
 * adapters and itself; the modules around it check themselves and all they depend on. Each rule
 * is reported on its own; an empty selection fails rather than passing.
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "io.tcpscope", importOptions = ArchitectureRules.LibraryCodeOnly.class)
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchTests rules = ArchTests.in(ArchitectureRules.class);
 * }
 * }</pre>
 */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /**
     * Library code only: not test classes, whether in test-classes folders or in test-jars. A
     * test-classes folder may sit deeper than ArchUnit's {@code target/test-classes}: the parent POM's
     * JUnit profiles build in {@code target/junit6/} and {@code target/junit-floor/}.
     */
    public static final class LibraryCodeOnly implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!?/.*");
        private static final Pattern TEST_CLASSES = Pattern.compile(".*/target/(.+/)?test-classes/.*");

        @Override
        public boolean includes(Location location) {
            return new DoNotIncludeTests().includes(location) && !location.matches(TEST_JAR)
                    && !location.matches(TEST_CLASSES);
        }
    }

    @ArchTest
    public static final ArchRule core_is_pure = classes()
            .that().resideInAPackage("io.tcpscope.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.tcpscope.core..", "java..", "org.slf4j..")
            .because("core depends on slf4j-api and nothing else: no docker-java, no Logback, no other module");

    @ArchTest
    public static final ArchRule docker_adapter_does_not_see_the_procfs_adapter = noClasses()
            .that().resideInAPackage("io.tcpscope.docker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tcpscope.procfs..", "io.tcpscope.testkit..")
            .because("adapters meet only in the testkit, the composition root");

    @ArchTest
    public static final ArchRule procfs_adapter_does_not_see_the_docker_adapter = noClasses()
            .that().resideInAPackage("io.tcpscope.procfs..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.tcpscope.docker..", "io.tcpscope.testkit..", "com.github.dockerjava..")
            .because("the procfs adapter reads /proc with no Docker dependency; its PIDs come through core's port");

    @ArchTest
    public static final ArchRule docker_java_is_used_in_the_docker_adapter_only = noClasses()
            .that().resideInAPackage("io.tcpscope..")
            .and().resideOutsideOfPackages("io.tcpscope.docker..", "io.tcpscope.testcontainers..")
            .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
            .because("Docker calls live in one place: everything else goes through DockerEngine and ContainerRuntime");

    @ArchTest
    public static final ArchRule the_testkit_is_framework_neutral = noClasses()
            .that().resideInAPackage("io.tcpscope.testkit..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.junit..", "org.assertj..", "org.mockito..")
            .because("the testkit serves any test framework, and the CLI, which ships none of them");

    @ArchTest
    public static final ArchRule one_poller_in_one_place = noClasses()
            .that().resideInAPackage("io.tcpscope..")
            .and().resideOutsideOfPackage("io.tcpscope.tck..")
            .and().doNotHaveFullyQualifiedName("io.tcpscope.testkit.internal.Polling")
            .should().dependOnClassesThat().resideInAnyPackage("org.awaitility..", "dev.failsafe..")
            .because("every wait of the library polls through the testkit's one poller, Polling, so that no two drift"
                    + " apart (the TCK is a test suite, whose own waits are a test's)");

    @ArchTest
    public static final ArchRule no_module_reaches_into_another_modules_internals = classes()
            .that().resideInAPackage("io.tcpscope..")
            .should(new ArchCondition<JavaClass>("use only the public packages of other tcpscope modules") {
                @Override
                public void check(JavaClass origin, ConditionEvents events) {
                    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                        JavaClass target = d.getTargetClass();
                        if (target.getPackageName().startsWith("io.tcpscope.")
                                && (target.getPackageName() + ".").contains(".internal.")
                                && !module(target).equals(module(origin))) {
                            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                        }
                    }
                }
            })
            .because("an internal package is free to change; only a module's own classes may use it");

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
    public static final ArchRule parsers_do_no_io = noClasses()
            .that().resideInAPackage("io.tcpscope.core.parse..")
            .should().dependOnClassesThat(IO)
            .because("parsers are pure functions from text to connections; adapters do the reading");

    @ArchTest
    public static final ArchRule library_code_does_not_print = noClasses()
            .that().resideInAPackage("io.tcpscope..")
            .and().resideOutsideOfPackage("io.tcpscope.cli..")
            .should(ACCESS_STANDARD_STREAMS)
            .because("library code logs through SLF4J; only the CLI prints");

    @ArchTest
    public static final ArchRule no_java_util_logging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("tcpscope logs through SLF4J");

    /** The module a class belongs to: its package's first three parts, such as {@code io.tcpscope.testkit}. */
    private static String module(JavaClass c) {
        String[] parts = c.getPackageName().split("\\.");
        return parts.length < 3 ? c.getPackageName() : parts[0] + "." + parts[1] + "." + parts[2];
    }
}
