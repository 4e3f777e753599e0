package io.tcpscope.tck;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.tcpscope.testkit.ArchitectureRules;

/** The hexagon's rules, on this module and everything it depends on. */
@AnalyzeClasses(packages = "io.tcpscope", importOptions = ArchitectureRules.LibraryCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests rules = ArchTests.in(ArchitectureRules.class);
}
