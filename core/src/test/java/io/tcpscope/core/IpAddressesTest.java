package io.tcpscope.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0:0:0:0:0:0:0:1,                          ::1",
        "::,                                        ::",
        "2001:DB8:0:0:0:0:0:1,                      2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001,   2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1,                      2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1,                        2001:0:0:1::1",
        "fe80::1,                                   fe80::1",
        "fd12:3456:789a:bcde:1234:5678:9abc:def0,   fd12:3456:789a:bcde:1234:5678:9abc:def0",
        "1::,                                       1::",
        "::ffff:10.0.0.2,                           10.0.0.2",
        "::FFFF:127.0.0.1,                          127.0.0.1",
        "10.0.0.2,                                  10.0.0.2",
        "255.255.255.255,                           255.255.255.255",
        "64:ff9b::192.0.2.33,                       64:ff9b::c000:221",
    })
    void prints_addresses_in_rfc_5952_form(String literal, String expected) {
        assertThat(IpAddresses.toText(IpAddresses.parse(literal))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:10.0.0.2", "0:0:0:0:0:ffff:a00:2"})
    void normalises_ipv4_mapped_addresses_to_ipv4(String literal) {
        assertThat(IpAddresses.parse(literal)).isInstanceOf(Inet4Address.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "node-a", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
        "1.2.3.4 ", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fd12:3456:789a:bcd", "g::1",
        "1:2:3:4:5:6:7::8", "::1.2.3", ":1::", "1:", "[::1]", "::1%lo"})
    void refuses_anything_that_is_not_a_literal_without_a_lookup(String text) {
        assertThatThrownBy(() -> IpAddresses.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an IPv4 or IPv6 address literal");
    }
}
