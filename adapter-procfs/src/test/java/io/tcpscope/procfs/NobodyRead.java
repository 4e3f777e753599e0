package io.tcpscope.procfs;

import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;

import java.nio.file.Path;

/**
 * What {@link AsNobody} runs as user nobody: one read of a container, whose PID and id it is given,
 * under a proc root; it prints what came of it, in one line: {@code read <n>}, or the exception's
 * simple class name and message.
 */
public final class NobodyRead {

    private NobodyRead() {
    }

    /**
     * Reads a container.
     *
     * @param args the proc root, the container's name, its PID and its id
     */
    public static void main(String[] args) {
        HostProcess process = new HostProcess(Long.parseLong(args[2]), args[3]);
        HostPidResolver engine = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return process.pid();
            }

            @Override
            public HostProcess hostProcess(String container) {
                return process;
            }
        };
        try {
            System.out.println("read " + new ProcfsInspector(engine, Path.of(args[0])).connections(args[1]).size());
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
