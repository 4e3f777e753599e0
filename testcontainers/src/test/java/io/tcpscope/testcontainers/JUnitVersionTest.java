package io.tcpscope.testcontainers;

import io.tcpscope.testkit.JUnitVersionCheck;

/** This module's tests ran on the JUnit the build asked for (a CI leg runs them on JUnit 6 and on 5.13). */
class JUnitVersionTest extends JUnitVersionCheck {
}
