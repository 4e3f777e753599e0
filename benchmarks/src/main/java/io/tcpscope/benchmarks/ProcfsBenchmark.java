package io.tcpscope.benchmarks;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.procfs.ProcfsInspector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Item 2 of the benchmarks: procfs inspection end to end, against the kernel's floor
 * ({@code cat /proc/<pid>/net/tcp /proc/<pid>/net/tcp6}) and {@code nsenter -t <pid> -n ss -tanH},
 * at 10, 1,000 and 10,000 sockets. All three read the namespace of this JVM, which holds the
 * sockets; the subprocesses are timed until their output is drained.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ProcfsBenchmark {

    /** How many sockets the namespace holds: a listener and connected pairs. */
    @Param({"10", "1000", "10000"})
    public int sockets;

    private final LiveSockets live = new LiveSockets();
    private ProcfsInspector procfs;
    private long pid;
    private String[] cat;
    private String[] nsenterSs;

    /**
     * Opens the sockets.
     *
     * @throws IOException if they cannot be opened (raise {@code ulimit -n})
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        live.open((sockets - 1) / 2);
        pid = ProcessHandle.current().pid();
        procfs = new ProcfsInspector(container -> pid);
        cat = new String[] {"cat", "/proc/" + pid + "/net/tcp", "/proc/" + pid + "/net/tcp6"};
        nsenterSs = new String[] {"nsenter", "-t", Long.toString(pid), "-n", "ss", "-tanH"};
    }

    /**
     * Closes the sockets.
     *
     * @throws IOException if one cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        live.close();
    }

    /** @return the table, read and parsed by the procfs adapter */
    @Benchmark
    public List<TcpConnection> procfs() {
        return procfs.connectionsOfPid(pid);
    }

    /**
     * @return the bytes cat printed
     * @throws Exception if cat fails
     */
    @Benchmark
    public long catFloor() throws Exception {
        return drain(cat);
    }

    /**
     * @return the bytes ss printed
     * @throws Exception if nsenter or ss fails
     */
    @Benchmark
    public long nsenterSs() throws Exception {
        return drain(nsenterSs);
    }

    static long drain(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        }
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " exited with " + process.exitValue());
        }
        return total;
    }
}
