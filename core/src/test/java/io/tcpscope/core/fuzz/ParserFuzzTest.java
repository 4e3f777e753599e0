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

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jazzer fuzz tests for every parser and for the format detector. Each one states what a parser
 * may do with any input at all: give connections, or throw the documented exception, and nothing
 * else.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the committed inputs in
 * {@code src/test/resources/io/tcpscope/core/fuzz/ParserFuzzTestInputs/<method>/}: seeds cut
 * from the real captures, and every input that once broke a parser. {@code fuzz/run} fuzzes
 * each one for longer.
 *
 * <p>A parser that refuses everything passes every fuzz check, so the seeds themselves are
 * checked apart ({@link #every_seed_of_a_parser_parses_to_connections}): each {@code seed-*} must
 * parse, to connections, with real ports. A real capture that a parser must refuse is kept as
 * {@code refused-*}, and checked to be refused.
 */
class ParserFuzzTest {

    private static final Path INPUTS = inputs();

    /** The parser under each fuzz test, by the test's name (its folder of inputs). */
    private static final Map<String, Supplier<ListingParser>> PARSERS = Map.of(
            "proc_net_tcp", ProcNetTcpParser::new,
            "proc_net_tcp_of_a_big_endian_kernel", () -> new ProcNetTcpParser(ByteOrder.BIG_ENDIAN),
            "ss", SsParser::new,
            "ss_filtered_by_state", () -> SsParser.withState(TcpState.ESTABLISHED),
            "netstat", () -> new NetstatParser(ListingFormat.NETSTAT),
            "netstat_wide", () -> NetstatParser.wide(ListingFormat.NETSTAT),
            "busybox_netstat", () -> new NetstatParser(ListingFormat.BUSYBOX));

    @FuzzTest
    void proc_net_tcp(byte[] listing) {
        parsesOrRefuses("proc_net_tcp", listing);
    }

    @FuzzTest
    void proc_net_tcp_of_a_big_endian_kernel(byte[] listing) {
        parsesOrRefuses("proc_net_tcp_of_a_big_endian_kernel", listing);
    }

    @FuzzTest
    void ss(byte[] listing) {
        parsesOrRefuses("ss", listing);
    }

    @FuzzTest
    void ss_filtered_by_state(byte[] listing) {
        parsesOrRefuses("ss_filtered_by_state", listing);
    }

    @FuzzTest
    void netstat(byte[] listing) {
        parsesOrRefuses("netstat", listing);
    }

    @FuzzTest
    void netstat_wide(byte[] listing) {
        parsesOrRefuses("netstat_wide", listing);
    }

    @FuzzTest
    void busybox_netstat(byte[] listing) {
        parsesOrRefuses("busybox_netstat", listing);
    }

    static Stream<Arguments> parserSeeds() throws IOException {
        List<Arguments> seeds = new ArrayList<>();
        for (String test : PARSERS.keySet()) {
            List<Path> found = seeds(test);
            assertThat(found).as("seeds of %s", test).isNotEmpty();
            found.forEach(seed -> seeds.add(Arguments.of(test, seed.getFileName().toString())));
        }
        return seeds.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("parserSeeds")
    void every_seed_of_a_parser_parses_to_connections(String test, String seed) throws IOException {
        // given: a seed cut from a real capture, which the parser must read, not refuse
        byte[] listing = Files.readAllBytes(INPUTS.resolve(test).resolve(seed));

        // when
        List<TcpConnection> connections = PARSERS.get(test).get().parse(ByteBuffer.wrap(listing));

        // then: the fuzz test's checks hold on connections, not on nothing
        assertThat(connections).as("connections of %s", seed).isNotEmpty();
        assertWellFormed(connections);
        assertThat(connections).as("a socket with a real local port").anyMatch(c -> c.local().port() > 0);
    }

    static Stream<Arguments> refusedInputs() throws IOException {
        List<Arguments> refused = new ArrayList<>();
        for (String test : PARSERS.keySet()) {
            try (Stream<Path> files = Files.list(INPUTS.resolve(test))) {
                files.filter(f -> f.getFileName().toString().startsWith("refused-")).sorted()
                        .forEach(f -> refused.add(Arguments.of(test, f.getFileName().toString())));
            }
        }
        assertThat(refused).as("the captures kept because a parser must refuse them").isNotEmpty();
        return refused.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedInputs")
    void a_capture_kept_for_its_refusal_is_refused_in_words(String test, String input) throws IOException {
        // given: a real capture that the parser must refuse (netstat without -W cuts IPv6 addresses short)
        byte[] listing = Files.readAllBytes(INPUTS.resolve(test).resolve(input));

        // when / then
        assertThatThrownBy(() -> PARSERS.get(test).get().parse(ByteBuffer.wrap(listing)))
                .isInstanceOf(ListingParseException.class).hasMessageContaining("netstat -tanW");
    }

    @ParameterizedTest
    @MethodSource("detectorSeeds")
    void every_seed_of_the_detector_is_detected_and_parses(String seed) throws IOException {
        // given
        byte[] listing = Files.readAllBytes(INPUTS.resolve("detector").resolve(seed));

        // when
        Optional<ListingFormat> format = Listings.detect(new String(listing, StandardCharsets.UTF_8));
        List<TcpConnection> auto = Listings.parseAuto(ByteBuffer.wrap(listing));

        // then
        assertThat(format).as("the format of %s", seed).isPresent();
        assertThat(auto).isNotEmpty().isEqualTo(Listings.parse(format.orElseThrow(), ByteBuffer.wrap(listing)));
        assertWellFormed(auto);
    }

    static Stream<String> detectorSeeds() throws IOException {
        return names("detector");
    }

    @ParameterizedTest
    @MethodSource("addressSeeds")
    void every_seed_of_the_address_literals_is_accepted(String seed) throws IOException {
        String literal = Files.readString(INPUTS.resolve("ip_address_literals").resolve(seed), StandardCharsets.UTF_8);
        InetAddress address = IpAddresses.parse(literal);
        assertThat(IpAddresses.parse(IpAddresses.toText(address))).isEqualTo(address);
    }

    static Stream<String> addressSeeds() throws IOException {
        return names("ip_address_literals");
    }

    @ParameterizedTest
    @MethodSource("portListSeeds")
    void every_seed_of_the_port_lists_is_accepted(String seed) throws IOException {
        String text = Files.readString(INPUTS.resolve("port_lists").resolve(seed), StandardCharsets.UTF_8);
        PortSet ports = PortSet.parse(text);
        assertThat(PortSet.parse(ports.toString())).isEqualTo(ports);
    }

    static Stream<String> portListSeeds() throws IOException {
        return names("port_lists");
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

    private static void parsesOrRefuses(String test, byte[] listing) {
        ByteBuffer buffer = ByteBuffer.wrap(listing);
        try {
            assertWellFormed(PARSERS.get(test).get().parse(buffer));
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

    /** The seeds (not the inputs that once broke a parser, which may rightly be refused) of one fuzz test. */
    private static List<Path> seeds(String test) throws IOException {
        try (Stream<Path> files = Files.list(INPUTS.resolve(test))) {
            return files.filter(f -> f.getFileName().toString().startsWith("seed-")).sorted().toList();
        }
    }

    private static Stream<String> names(String test) throws IOException {
        List<String> names = seeds(test).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).as("seeds of %s", test).isNotEmpty();
        return names.stream();
    }

    private static Path inputs() {
        try {
            return Path.of(ParserFuzzTest.class.getResource("ParserFuzzTestInputs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
