package io.tcpscope.cli;

import io.tcpscope.core.spi.SharedNamespacePolicy;
import picocli.CommandLine.Option;

/**
 * {@code --shared-namespaces}, for the commands that read a container's table ({@code connections},
 * {@code count}, {@code mesh}, {@code watch}): whether to read a container that has no network
 * namespace of its own ({@code --network host}, {@code --network container:X}), whose table is
 * another's, or to refuse it in one line that names this flag.
 */
final class SharedNamespacesOption {

    /** The flag, as a refusal names it. */
    static final String FLAG = "--shared-namespaces";

    @Option(names = FLAG,
            description = "Read a container that shares another's network namespace (docker run --network host, or"
                    + " --network container:X) anyway: its table is the host's or the other container's, not its own."
                    + " Without it such a container is refused, in one line that says whose namespace it shares.")
    boolean read;

    /** {@return the policy the command's inspectors follow} */
    SharedNamespacePolicy policy() {
        return read ? SharedNamespacePolicy.read() : SharedNamespacePolicy.refuse(FLAG);
    }
}
