package io.tcpscope.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.parse.ListingParser;
import io.tcpscope.core.parse.Listings;
import io.tcpscope.core.parse.NetstatParser;
import io.tcpscope.core.parse.ProcNetTcpParser;
import io.tcpscope.core.parse.SsParser;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests for every parser and for the format detector. Each one states what a parser
 * may do with any input at all: give connections, or throw the documented exception, and nothing
 * else.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the committed inputs in
 * {@code src/test/resources/io/tcpscope/core/fuzz/ParserFuzzTestInputs/<method>/}: seeds cut
 * from the real captures, and every input that once broke a parser. {@code fuzz/run} fuzzes
 * each one for longer.
 */
class ParserFuzzTest {

    @FuzzTest
    void proc_net_tcp(byte[] listing) {
        parsesOrRefuses(new ProcNetTcpParser(), listing);
    }

    @FuzzTest
    void proc_net_tcp_of_a_big_endian_kernel(byte[] listing) {
        parsesOrRefuses(new ProcNetTcpParser(ByteOrder.BIG_ENDIAN), listing);
    }

    @FuzzTest
    void ss(byte[] listing) {
        parsesOrRefuses(new SsParser(), listing);
    }

    @FuzzTest
    void ss_filtered_by_state(byte[] listing) {
        parsesOrRefuses(SsParser.withState(TcpState.ESTABLISHED), listing);
    }

    @FuzzTest
    void netstat(byte[] listing) {
        parsesOrRefuses(new NetstatParser(ListingFormat.NETSTAT), listing);
    }

    @FuzzTest
    void netstat_wide(byte[] listing) {
        parsesOrRefuses(NetstatParser.wide(ListingFormat.NETSTAT), listing);
    }

    @FuzzTest
    void busybox_netstat(byte[] listing) {
        parsesOrRefuses(new NetstatParser(ListingFormat.BUSYBOX), listing);
    }

    @FuzzTest
    void detector(byte[] listing) {
        String text = new String(listing, StandardCharsets.UTF_8);
        Optional<ListingFormat> format;
        try {
            format = Listings.detect(text);
        } catch (ListingParseException notAListing) {
            assertThat(notAListing.getMessage()).isNotBlank();
            return;
        }
        try {
            List<TcpConnection> auto = Listings.parseAuto(ByteBuffer.wrap(listing));
            assertWellFormed(auto);
            // what the detector picked must read the listing the same way when named directly
            format.ifPresent(f -> assertThat(Listings.parse(f, ByteBuffer.wrap(listing))).isEqualTo(auto));
        } catch (ListingParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest
    void ip_address_literals(byte[] input) {
        String literal = new String(input, StandardCharsets.UTF_8);
        InetAddress address;
        try {
            address = IpAddresses.parse(literal);
        } catch (IllegalArgumentException refused) {
            return;
        }
        // whatever is accepted prints as a literal that reads back as the same address
        assertThat(IpAddresses.parse(IpAddresses.toText(address))).isEqualTo(address);
    }

    @FuzzTest
    void port_lists(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            PortSet ports = PortSet.parse(text);
            assertThat(PortSet.parse(ports.toString())).isEqualTo(ports);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static void parsesOrRefuses(ListingParser parser, byte[] listing) {
        ByteBuffer buffer = ByteBuffer.wrap(listing);
        try {
            assertWellFormed(parser.parse(buffer));
        } catch (ListingParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThat(buffer.position()).as("the buffer's position is left alone").isZero();
    }

    private static void assertWellFormed(List<TcpConnection> connections) {
        assertThat(connections).doesNotContainNull();
        for (TcpConnection c : connections) {
            assertThat(c.local().port()).isBetween(0, 65_535);
            assertThat(c.remote().port()).isBetween(0, 65_535);
        }
    }
}
