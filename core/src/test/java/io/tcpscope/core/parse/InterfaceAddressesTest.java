package io.tcpscope.core.parse;

import io.tcpscope.core.IpAddresses;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The captures of {@code addresses/capture.sh}: a container on an IPv4 and a dual-stack network. */
class InterfaceAddressesTest {

    @Test
    void the_namespace_holds_the_addresses_the_engine_gave_it_and_loopback_and_link_local_are_left_out() throws IOException {
        // given
        String fibTrie = capture("fib_trie");
        String ifInet6 = capture("if_inet6");
        List<InetAddress> engine = capture("expected.txt").lines().map(IpAddresses::parse).toList();

        // when / then
        assertThat(InterfaceAddresses.parse(fibTrie, ifInet6)).containsExactlyInAnyOrderElementsOf(engine)
                .doesNotContain(IpAddresses.parse("127.0.0.1"), IpAddresses.parse("::1"));
    }

    @Test
    void a_namespace_without_ipv6_has_its_ipv4_addresses() throws IOException {
        assertThat(InterfaceAddresses.parse(capture("fib_trie"), ""))
                .containsExactlyInAnyOrder(IpAddresses.parse("172.25.0.2"), IpAddresses.parse("172.26.0.2"));
    }

    @Test
    void a_namespace_with_loopback_only_has_no_address() {
        String fibTrie = """
                Main:
                  +-- 127.0.0.0/8 2 0 2
                     +-- 127.0.0.0/31 1 0 0
                        |-- 127.0.0.0
                           /8 host LOCAL
                        |-- 127.0.0.1
                           /32 host LOCAL
                     |-- 127.255.255.255
                        /32 link BROADCAST
                """;
        assertThat(InterfaceAddresses.parse(fibTrie, "00000000000000000000000000000001 01 80 10 80       lo\n")).isEmpty();
    }

    @Test
    void lines_of_another_shape_are_skipped() {
        assertThat(InterfaceAddresses.parse("|-- 10.0.0.x\n   /32 host LOCAL\n|-- 10.0.0.7\n   /32 host LOCAL\n",
                "zz 01 80 00 80 eth0\nfd00000000000000000000000000000g 01 80 00 80 eth0\n"))
                .containsExactly(IpAddresses.parse("10.0.0.7"));
    }

    private static String capture(String name) throws IOException {
        try (InputStream in = InterfaceAddressesTest.class.getResourceAsStream("/addresses/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
