package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.docker.TestUser;
import io.tcpscope.procfs.ProcfsInspector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCK on {@link ProcfsInspector#local()}, which reads the namespace of the process that calls
 * it: for each read, a JVM runs {@link LocalDump} inside the target's network namespace (through
 * {@code nsenter -n}, as root), and its lines come back as the listing. The target's PID comes from
 * the engine, which also says why a stopped or missing target cannot be read. A paused target is
 * read: the engine gives its PID, and its namespace's table is there while its processes are frozen.
 */
class LocalProcfsTckIT extends InspectorTck {

    @Override
    protected TckFixture fixture() {
        // nsenter needs root; CI runs as root, and under CI=true this fails rather than skip
        TestUser.requireRoot("LocalProcfsTckIT, which enters each target's network namespace with nsenter -n,");
        return TestFixtures.docker();
    }

    @Override
    protected ConnectionInspector inspector() {
        HostPidResolver pids = DockerTckFixture.shared().context().require(HostPidResolver.class, "procfs-local");
        return target -> dumpIn(target, pids.hostPid(target));
    }

    @Override
    protected boolean readsPausedTargets() {
        return true;
    }

    private static List<TcpConnection> dumpIn(String target, long pid) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Process dump = new ProcessBuilder("nsenter", "-t", Long.toString(pid), "-n", java.toString(),
                    "-cp", System.getProperty("java.class.path"), LocalDump.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (dump.waitFor() != 0) {
                throw new AssertionError("LocalDump in the namespace of " + target + " failed: " + out);
            }
            List<TcpConnection> listing = new ArrayList<>();
            for (String line : out.lines().toList()) {
                String[] f = line.split(" ");
                listing.add(TcpConnection.of(Endpoint.of(f[1], Integer.parseInt(f[2])),
                        Endpoint.of(f[3], Integer.parseInt(f[4])), TcpState.valueOf(f[0])));
            }
            return listing;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
