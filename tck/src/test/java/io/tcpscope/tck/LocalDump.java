package io.tcpscope.tck;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.procfs.ProcfsInspector;

/**
 * Prints what {@link ProcfsInspector#local()} reads, one socket a line ({@code STATE LOCAL_ADDRESS
 * LOCAL_PORT REMOTE_ADDRESS REMOTE_PORT}), for {@link LocalProcfsTckIT}, which runs it in a target's
 * network namespace.
 */
public final class LocalDump {

    private LocalDump() {
    }

    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        for (TcpConnection c : ProcfsInspector.local().localConnections()) {
            out.append(c.state()).append(' ').append(c.local().host()).append(' ').append(c.local().port()).append(' ')
                    .append(c.remote().host()).append(' ').append(c.remote().port()).append('\n');
        }
        System.out.print(out);
    }
}
