package io.tcpscope.benchmarks;

import io.tcpscope.core.Golden;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.parse.ListingParser;
import io.tcpscope.core.parse.Listings;
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
import oshi.SystemInfo;
import oshi.software.os.InternetProtocolStats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Item 1 of the benchmarks: parsing a 10,051-socket table in each format from captured listings,
 * and reading the live table of this JVM's namespace, with tcpscope and with OSHI.
 *
 * <p>For the live pair, the JVM opens {@code livePairs} loopback connections of its own, so that
 * tcpscope and OSHI read the same sockets: OSHI has no parse-only entry point, so its
 * {@code getConnections()} (read and parse) is compared with tcpscope's read-and-parse
 * ({@link ProcfsInspector#localConnections()}) as well as with the parse alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ParseBenchmark {

    /** Loopback connections this JVM holds while the live benchmarks run: 5,025 pairs is 10,050 sockets. */
    @Param("5025")
    public int livePairs;

    private final ListingParser proc = Listings.parser(ListingFormat.PROC);
    private final ListingParser ss = Listings.parser(ListingFormat.SS);
    private final ListingParser netstat = Listings.parser(ListingFormat.NETSTAT);
    private final LiveSockets live = new LiveSockets();
    private byte[] procTable;
    private byte[] ssTable;
    private byte[] netstatTable;
    private ProcfsInspector local;
    private InternetProtocolStats oshi;

    /**
     * Loads the captures and opens the live sockets.
     *
     * @throws IOException if the sockets cannot be opened (raise {@code ulimit -n})
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        procTable = Golden.bytes("many/proc-net-tcp.gz");
        ssTable = Golden.bytes("many/ss-tanH.gz");
        netstatTable = Golden.bytes("many/netstat-tanW.gz");
        live.open(livePairs);
        local = ProcfsInspector.local();
        oshi = new SystemInfo().getOperatingSystem().getInternetProtocolStats();
    }

    /**
     * Closes the live sockets.
     *
     * @throws IOException if one cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        live.close();
    }

    /** @return the connections of the captured /proc table */
    @Benchmark
    public List<TcpConnection> parseProcCapture() {
        return proc.parse(ByteBuffer.wrap(procTable));
    }

    /** @return the connections of the captured ss listing */
    @Benchmark
    public List<TcpConnection> parseSsCapture() {
        return ss.parse(ByteBuffer.wrap(ssTable));
    }

    /** @return the connections of the captured netstat listing */
    @Benchmark
    public List<TcpConnection> parseNetstatCapture() {
        return netstat.parse(ByteBuffer.wrap(netstatTable));
    }

    /** @return this namespace's live table, read and parsed by tcpscope */
    @Benchmark
    public List<TcpConnection> liveTcpscope() {
        return local.localConnections();
    }

    /** @return this namespace's live table, read and parsed by OSHI */
    @Benchmark
    public Object liveOshi() {
        return oshi.getConnections();
    }
}
