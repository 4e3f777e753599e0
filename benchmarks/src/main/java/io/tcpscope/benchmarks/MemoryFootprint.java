package io.tcpscope.benchmarks;

import io.tcpscope.core.Golden;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.parse.Listings;
import org.openjdk.jol.info.GraphLayout;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Item 5 of the benchmarks: the memory a parsed table retains, per connection, at 10,051
 * connections, measured by walking the object graph of the result (JOL), shared objects counted
 * once. Prints one line per format.
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    /**
     * Prints the retained bytes per connection of each captured 10,051-socket listing.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // Unsafe cannot give field offsets of records; JOL then finds them its own way.
        System.setProperty("jol.magicFieldOffset", "true");
        for (String[] capture : new String[][] {
                {"PROC", "many/proc-net-tcp.gz"}, {"SS", "many/ss-tanH.gz"}, {"NETSTAT", "many/netstat-tanW.gz"}}) {
            List<TcpConnection> table = Listings.parse(ListingFormat.valueOf(capture[0]),
                    ByteBuffer.wrap(Golden.bytes(capture[1])));
            long bytes = GraphLayout.parseInstance(table).totalSize();
            System.out.printf(Locale.ROOT, "memory %s %d %d %.1f%n", capture[0], table.size(), bytes, (double) bytes / table.size());
        }
    }
}
