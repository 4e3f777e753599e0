package io.tcpscope.testkit;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The hexagon, checked on the library code of core, the adapters and the testkit. */
@AnalyzeClasses(packages = "io.tcpscope", importOptions = ArchitectureRules.LibraryCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests rules = ArchTests.in(ArchitectureRules.class);
}
