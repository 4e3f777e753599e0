package io.tcpscope.docker;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpscopeException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an engine's docker-java failures become tcpscope's exceptions: the one place that decides
 * between a container that cannot be read, an engine out of reach, and an engine that refused.
 *
 * <p>Thread-safe: stateless but for its engine.
 */
final class EngineErrors {

    /** How the HTTP client says that the engine answered a stream's request with a status instead. */
    private static final Pattern REFUSED_UPGRADE =
            Pattern.compile("Expected 101 Switching Protocols, got: HTTP/[0-9.]+ ([1-5][0-9][0-9])(.*)$");

    private final DockerEngine engine;

    EngineErrors(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * Turns a docker-java failure into tcpscope's exceptions. An engine's status code does not say
     * whether the container is the problem: a 404 may be a missing image, a 409 a name that is
     * taken; an exec in a stopped container is a 409 on Docker and a 500 on Podman; and a stream
     * may break because the container died. So when a container is concerned, the engine is asked
     * about it, whatever the failure: a container that is missing or not running is reported as
     * such, an engine that no longer answers is reported as out of reach, and anything else is the
     * engine refusing the request, in its own words.
     *
     * @param container the container concerned, or {@code null}
     * @param e the failure
     * @param seen whether the container was seen earlier in the call, so that missing means removed
     * @param request what was asked, in words, for the message
     */
    RuntimeException translate(String container, RuntimeException e, boolean seen, String request) {
        if (e instanceof TcpscopeException) {
            return e;
        }
        if (interrupted(e)) {
            // an interrupted caller: no engine call can be made on its thread, and none is needed
            Thread.currentThread().interrupt();
            return EngineUnavailableException.interrupted(engine.endpoint(), request, e);
        }
        RuntimeException plain = translate(e, request);
        return container == null ? plain : unavailableOr(container, seen, plain);
    }

    /**
     * The container's own state when it cannot be read (missing, removed, stopped, paused,
     * restarting), or the engine being out of reach; else {@code otherwise}.
     *
     * @param container the container concerned
     * @param seen whether the container was seen earlier in the call, so that missing means removed
     * @param otherwise what to report when the container runs, or the engine's answer about it says
     *     nothing; else it is kept as the suppressed exception of what is reported
     */
    RuntimeException unavailableOr(String container, boolean seen, RuntimeException otherwise) {
        try {
            engine.inspectRunning(container, seen);
        } catch (ContainerUnavailableException | EngineUnavailableException unavailable) {
            unavailable.addSuppressed(otherwise); // what the call itself ran into, such as a timeout
            return unavailable;
        } catch (RuntimeException ignored) {
            // the engine refuses to answer about the container too; the original failure says more
            return otherwise;
        }
        if (otherwise instanceof EngineRefusedException && NOT_RUNNING.matcher(String.valueOf(otherwise.getMessage())).find()) {
            // the engine refused because the container was not running, and it runs now: it stopped and
            // started again during the call, as a crashing container with a restart policy does (Podman
            // restarts it at once, so it is never seen restarting); a wait reads it again
            ContainerUnavailableException restarted = new ContainerUnavailableException(container, null, null,
                    ContainerUnavailableException.Condition.RESTARTING);
            restarted.addSuppressed(otherwise);
            return restarted;
        }
        return otherwise;
    }

    /** An engine's words for a call refused because the container was not running: Docker's and Podman's. */
    private static final Pattern NOT_RUNNING = Pattern.compile("(?i)is not running|not running;|is stopped|is restarting");

    private RuntimeException translate(RuntimeException e, String request) {
        Matcher refused = refusedUpgrade(e);
        if (refused != null) {
            // the engine answered a stream's request (attach, exec start) with a status, not a stream
            return new EngineRefusedException(engine.endpoint(), request, Integer.valueOf(refused.group(1)),
                    refused.group(2).strip(), e);
        }
        if (e instanceof DockerClientException) {
            // the client's own failures: a stream that broke, a build that did not end in time
            return causedByIo(e) ? new EngineUnavailableException(engine.endpoint(), e)
                    : new EngineRefusedException(engine.endpoint(), request, null, e.getMessage(), e);
        }
        if (!(e instanceof DockerException docker)) {
            // a cancelled request, as a closed client's pool cancels its waiters, is no answer either
            return causedByIo(e) || e instanceof CancellationException ? new EngineUnavailableException(engine.endpoint(), e) : e;
        }
        int status = docker.getHttpStatus();
        return new EngineRefusedException(engine.endpoint(), request, status > 0 ? status : null, docker.getMessage(), e);
    }

    /**
     * Whether the failure is the caller's interrupt: docker-java's connection pool gives a waiter
     * that is interrupted an untyped {@link CancellationException}, and a stream an
     * {@link InterruptedException} inside a client exception.
     */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || (t instanceof CancellationException
                    || t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))
                    && Thread.currentThread().isInterrupted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The status line of an engine's answer to a request for a stream that was not one, which the
     * HTTP client reports, as a protocol error inside an {@link IOException}, in words that do not
     * depend on which copy of it (docker-java's shaded one or Testcontainers') is used; or {@code null}.
     */
    private static Matcher refusedUpgrade(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher matcher = REFUSED_UPGRADE.matcher(String.valueOf(t.getMessage()));
            if (t.getClass().getSimpleName().equals("ProtocolException") && matcher.find()) {
                return matcher;
            }
        }
        return null;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
