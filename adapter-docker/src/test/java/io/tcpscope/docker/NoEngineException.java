package io.tcpscope.docker;

import org.opentest4j.TestAbortedException;

/**
 * Aborts a Docker test because no engine answers, outside CI; {@link NoEngineBanner} counts the
 * tests it aborted, by its type, and says so at the end of the run.
 */
final class NoEngineException extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    private final String engineError;

    /** @param engineError why the engine did not answer, as tcpscope's error said it */
    NoEngineException(String engineError) {
        super("Docker ITs skipped: " + engineError
                + ". Start an engine with 'bash .ci/docker-engine' (installs docker.io and starts dockerd).");
        this.engineError = engineError;
    }

    /** {@return why the engine did not answer} */
    String engineError() {
        return engineError;
    }
}
