package io.tcpscope.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which JUnit runs a module's tests, for the modules that are tested on more than one: each extends
 * this once. A build against another JUnit ({@code -Pjunit6}, {@code -Pjunit-floor} in the parent POM)
 * sets the system property {@value #EXPECT} to the version it asked for, so that a leg that quietly
 * ran on the default JUnit fails here instead of passing. Without the property, it still checks that
 * Jupiter's API and engine and the platform's engine and launcher on the class path are one release.
 */
public abstract class JUnitVersionCheck {

    /** The system property with the JUnit Jupiter version a build expects, such as "6." or "5.13.". */
    public static final String EXPECT = "tcpscope.expect.junit";

    @Test
    void jupiter_and_the_platform_on_the_class_path_are_one_release_and_the_one_the_build_expects() throws Exception {
        // given
        String api = versionOf(Test.class);
        String engine = versionOf(Class.forName("org.junit.jupiter.engine.JupiterTestEngine"));
        String platform = versionOf(Class.forName("org.junit.platform.engine.TestEngine"));
        String launcher = versionOf(Class.forName("org.junit.platform.launcher.Launcher"));
        String expected = System.getProperty(EXPECT);

        // when
        String seen = "jupiter-api " + api + ", jupiter-engine " + engine + ", platform-engine " + platform
                + ", platform-launcher " + launcher + (expected == null ? "" : "; expected " + expected);
        System.out.println("junit: " + getClass().getName() + " ran on " + seen);

        // then
        assertThat(engine).as(seen).isEqualTo(api);
        // Jupiter 5.x.y came with platform 1.x.y; from 6 on, all of JUnit has one version
        assertThat(platform).as(seen).isEqualTo(api.startsWith("5.") ? "1." + api.substring(2) : api);
        assertThat(launcher).as(seen).isEqualTo(platform);
        if (expected != null) {
            assertThat(api).as(seen).startsWith(expected);
        }
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        assertThat(version).as("the Implementation-Version of the jar of %s", type.getName()).isNotBlank();
        return version;
    }
}
