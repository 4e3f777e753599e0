package io.tcpscope.assertj;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.tcpscope.testkit.ArchitectureRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The hexagon's rules, on this module and core; and this module's own: it asserts on core's types only. */
@AnalyzeClasses(packages = "io.tcpscope", importOptions = ArchitectureRules.LibraryCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests rules = ArchTests.in(ArchitectureRules.class);

    @ArchTest
    static final ArchRule the_assertions_see_core_and_assertj_only = classes()
            .that().resideInAPackage("io.tcpscope.assertj..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.tcpscope.assertj..", "io.tcpscope.core..", "java..",
                    "org.assertj..")
            .because("tcpscope-assertj depends on tcpscope-core and AssertJ alone, as assertj-guava and assertj-db "
                    + "depend only on what they assert: no testkit, no adapter, no Docker client");
}
