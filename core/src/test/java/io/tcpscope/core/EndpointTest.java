package io.tcpscope.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "10.0.0.2,          9000, 10.0.0.2:9000",
        "::1,               9001, [::1]:9001",
        "0.0.0.0,           0,    0.0.0.0:*",
        "::,                0,    [::]:*",
        "::ffff:172.18.0.3, 9000, 172.18.0.3:9000",
    })
    void prints_like_ss(String address, int port, String expected) {
        assertThat(Endpoint.of(address, port)).hasToString(expected);
    }

    @Test
    void equal_addresses_from_mapped_and_plain_forms_are_equal() {
        assertThat(Endpoint.of("::ffff:10.0.0.2", 9000)).isEqualTo(Endpoint.of("10.0.0.2", 9000));
    }

    @Test
    void normalises_a_mapped_inet6address_given_directly() throws Exception {
        // given: Inet6Address.getByAddress keeps the mapped form, unlike InetAddress.getByAddress
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 2};
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);

        // when
        Endpoint endpoint = Endpoint.of(v6, 9000);

        // then
        assertThat(endpoint.address()).isInstanceOf(Inet4Address.class);
        assertThat(endpoint).hasToString("10.0.0.2:9000");
    }

    @Test
    void drops_the_ipv6_scope() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, IpAddresses.parse("fe80::1").getAddress(), 3);
        assertThat(Endpoint.of(scoped, 22)).isEqualTo(Endpoint.of("fe80::1", 22)).hasToString("[fe80::1]:22");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536, Integer.MAX_VALUE})
    void refuses_ports_out_of_range(int port) {
        assertThatThrownBy(() -> Endpoint.of("10.0.0.2", port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 65535");
    }

    @Test
    void refuses_host_names_instead_of_resolving_them() {
        assertThatThrownBy(() -> Endpoint.of("localhost", 80)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_a_null_address() {
        assertThatThrownBy(() -> new Endpoint(null, 80)).hasMessage("address must not be null");
    }
}
