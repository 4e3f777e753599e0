package io.tcpscope.docker;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that reach the engine on their own: applies {@link TestEngine}'s rule (fail
 * under CI=true, skip with a hint elsewhere) before any other extension of the class starts.
 */
public final class RequiresDocker implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestEngine.require();
    }
}
