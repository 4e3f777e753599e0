package io.tcpscope.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

import java.util.List;

/**
 * How every helper container of tcpscope's runs, the engine-procfs reader and the sidecar alike:
 * as user nobody, with a read-only root file system, every capability dropped and
 * {@code no-new-privileges}. Nobody may read a process's cgroup, stat and TCP tables under
 * {@code /proc}, which is all a helper does, and not its memory, its environment or its files.
 *
 * <p>The one exception is the opt-in kernel-events helper ({@link EngineEventHelper}), which must mount
 * tracefs: it runs as root with {@code CAP_SYS_ADMIN} and says why.
 */
final class HelperConfinement {

    /** The helper's user and group: nobody. */
    static final String NOBODY = "65534:65534";

    private HelperConfinement() {
    }

    /** A host config with the confinement and nothing else; the caller adds the namespaces and AutoRemove. */
    static HostConfig hostConfig() {
        return HostConfig.newHostConfig()
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"));
    }
}
