package io.tcpscope.cli;

import io.tcpscope.core.spi.SharedNamespacePolicy;
import picocli.CommandLine.Option;

/**
 * {@code --shared-namespaces}, for the commands that read a container's table: whether to read a
 * container that has no network namespace of its own ({@code --network host}, {@code --network
 * container:X}), whose table is another's, or to refuse it in one line that names this flag.
 */
final class SharedNamespacesOption {

    /** The flag, as a refusal names it. */
    static final String FLAG = "--shared-namespaces";

    @Option(names = FLAG,
            description = "Read a container that shares another's network namespace (docker run --network host, or"
                    + " --network container:X) anyway, and say whose namespace its rows were read in. Without it"
                    + " such a container is refused: its table is the host's or the other container's, not its own.")
    boolean read;

    /** {@return the policy the command's inspectors follow} */
    SharedNamespacePolicy policy() {
        return read ? SharedNamespacePolicy.read() : SharedNamespacePolicy.refuse(FLAG);
    }
}
