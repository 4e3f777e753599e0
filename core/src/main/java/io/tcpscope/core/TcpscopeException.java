package io.tcpscope.core;

/**
 * The one exception type tcpscope throws. Its subclasses form a closed family; each carries the
 * facts a caller needs to act, and its message says what happened and what to do.
 *
 * <ul>
 *   <li>{@link ListingParseException}: a socket listing could not be read; names the format, line
 *       number and line.</li>
 *   <li>{@link ContainerUnavailableException}: the container is missing, stopped, paused,
 *       restarting or was removed; names the container.</li>
 *   <li>{@link CommandFailedException}: a command in the container failed; names the command and
 *       its exit code, and tells a missing tool apart.</li>
 *   <li>{@link CommandTimeoutException}: a command did not finish in time.</li>
 *   <li>{@link OutputLimitExceededException}: a command wrote more than the output cap.</li>
 *   <li>{@link InspectionFailedException}: no way to read the container's table worked; carries
 *       every attempt.</li>
 *   <li>{@link EngineUnavailableException}: the container engine could not be reached; names the
 *       endpoint tried.</li>
 *   <li>{@link EngineRefusedException}: the engine answered but refused a request (an image that
 *       is missing, a name that is taken); names the request and quotes the engine.</li>
 *   <li>{@link PermissionDeniedException}: the operating system refused a read; names the path and
 *       the privilege needed.</li>
 *   <li>{@link ImageUnavailableException}: the image tcpscope builds its helpers from could not be
 *       pulled, and there is no static busybox to build them from; names the image and quotes the
 *       registry.</li>
 * </ul>
 *
 * <pre>{@code
 * try {
 *     peers.activeConnections("node-a");
 * } catch (ContainerUnavailableException e) {
 *     // e.condition() says whether it is missing, stopped, paused, ...
 * }
 * }</pre>
 *
 * <p>Instances are immutable once thrown.
 *
 * @since 0.1.0
 */
public abstract sealed class TcpscopeException extends RuntimeException
        permits ListingParseException, ContainerUnavailableException, CommandFailedException,
                CommandTimeoutException, OutputLimitExceededException, InspectionFailedException,
                EngineUnavailableException, EngineRefusedException, PermissionDeniedException,
                ImageUnavailableException, SharedNamespaceException {

    private static final long serialVersionUID = 1L;

    TcpscopeException(String message) {
        super(message);
    }

    TcpscopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
