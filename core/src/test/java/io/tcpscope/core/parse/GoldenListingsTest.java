package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.Golden;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.SocketOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.tcpscope.core.Golden.c;
import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every captured listing, through the same entry point production code uses, must give exactly the
 * socket plan that the kernel's own table shows.
 */
class GoldenListingsTest {

    @Test
    void proc_tables_give_exactly_the_socket_plan() {
        // given
        String tables = Golden.procTables();

        // when
        List<TcpConnection> connections = Listings.parse(ListingFormat.PROC, tables);

        // then
        assertThat(withoutDetails(connections)).containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @Test
    void proc_rows_keep_queues_uid_and_inode() {
        // given
        String tables = Golden.procTables();

        // when
        List<TcpConnection> connections = Listings.parse(ListingFormat.PROC, tables);

        // then: the acceptor of the half-closed dial holds one unread FIN, the SYN_SENT dial one unacked SYN
        assertThat(find(connections, TcpState.CLOSE_WAIT).receiveQueue()).isEqualTo(1);
        assertThat(find(connections, TcpState.SYN_SENT).sendQueue()).isEqualTo(1);
        assertThat(find(connections, TcpState.TIME_WAIT).inode()).isZero();
        assertThat(find(connections, TcpState.SYN_RECV).inode()).isZero();
        assertThat(find(connections, TcpState.FIN_WAIT2).inode()).isPositive();
        assertThat(connections).allSatisfy(c -> assertThat(c.uid()).isZero());
    }

    @Test
    void proc_tcp6_reads_ipv4_mapped_rows_as_ipv4() {
        // when
        List<TcpConnection> connections = Listings.parse(ListingFormat.PROC, Golden.listing("proc-net-tcp6"));

        // then
        assertThat(withoutDetails(connections)).containsExactlyInAnyOrderElementsOf(Golden.plan6());
        assertThat(connections).anySatisfy(c -> assertThat(c.local().toString()).isEqualTo("127.0.0.1:9002"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ss-tan,               SS",
        "ss-tanH,              SS",
        "ss-tanp,              SS",
        "ss-tuan,              SS",
        "netstat-tanW,         NETSTAT",
        "netstat-tanpW,        NETSTAT",
        "busybox-netstat-tan,  BUSYBOX",
    })
    void tool_listings_give_the_same_sockets_as_the_kernel_table(String file, ListingFormat format) {
        // given
        List<TcpConnection> kernel = withoutDetails(Listings.parse(ListingFormat.PROC, Golden.procTables()));

        // when
        List<TcpConnection> parsed = Listings.parse(format, Golden.listing(file));

        // then
        assertThat(withoutDetails(parsed)).containsExactlyInAnyOrderElementsOf(kernel)
                .containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "proc-net-tcp,              PROC",
        "proc-net-tcp6,             PROC",
        "ss-tan,                    SS",
        "ss-tanH,                   SS",
        "ss-tanp,                   SS",
        "ss-tuan,                   SS",
        "ss-tn-state-established,   SS",
        "netstat-tan,               NETSTAT",
        "netstat-tanW,              NETSTAT",
        "netstat-tanp,              NETSTAT",
        "netstat-tanpW,             NETSTAT",
        "busybox-netstat-tan,       BUSYBOX",
    })
    void detects_the_format_of_every_capture(String file, ListingFormat format) {
        assertThat(Listings.detect(Golden.listing(file))).contains(format);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ss-tan", "ss-tanH", "ss-tuan", "netstat-tanW", "busybox-netstat-tan"})
    void parse_auto_gives_the_socket_plan(String file) {
        assertThat(withoutDetails(Listings.parseAuto(Golden.listing(file))))
                .containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @Test
    void ss_state_filter_listing_takes_its_state_from_the_caller() {
        // given
        String listing = Golden.listing("ss-tn-state-established");
        List<TcpConnection> established = Golden.plan().stream()
                .filter(c -> c.state() == TcpState.ESTABLISHED).toList();

        // when
        List<TcpConnection> parsed = SsParser.withState(TcpState.ESTABLISHED).parse(listing);

        // then
        assertThat(withoutDetails(parsed)).containsExactlyInAnyOrderElementsOf(established);
    }

    @Test
    void ss_state_filter_listing_without_a_state_is_refused() {
        assertThatThrownBy(() -> Listings.parseAuto(Golden.listing("ss-tn-state-established")))
                .isInstanceOfSatisfying(ListingParseException.class, e -> {
                    assertThat(e.format()).isEqualTo(ListingFormat.SS);
                    assertThat(e.lineNumber()).isEqualTo(2);
                    assertThat(e.problem()).contains("no State column").contains("SsParser.withState");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"netstat-tan, 20", "netstat-tanp, 20"})
    void netstat_without_wide_output_refuses_the_cut_ipv6_rows(String file, int line) {
        assertThatThrownBy(() -> Listings.parse(ListingFormat.NETSTAT, Golden.listing(file)))
                .isInstanceOfSatisfying(ListingParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(line);
                    assertThat(e.line()).contains("fd12:3456:789a:bcd:9003");
                    assertThat(e.getMessage()).contains("netstat -tanW");
                });
    }

    @Test
    void ss_process_column_keeps_names_with_spaces_and_every_owner() {
        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.SS, Golden.listing("ss-tanp"));

        // then: sockets.py forks, so parent and child hold every socket open before the fork
        TcpConnection listener = parsed.stream()
                .filter(c -> c.local().equals(Endpoint.of("127.0.0.1", 9004))).findFirst().orElseThrow();
        assertThat(listener.owners()).hasSize(2)
                .allSatisfy(o -> assertThat(o).extracting(SocketOwner::name, SocketOwner::fd).containsExactly("p2p node", 8));
        assertThat(listener.owners()).extracting(SocketOwner::pid).doesNotHaveDuplicates();
        assertThat(find(parsed, TcpState.TIME_WAIT).owners()).isEmpty();
    }

    @Test
    void netstat_program_column_keeps_names_with_spaces() {
        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.NETSTAT, Golden.listing("netstat-tanpW"));

        // then
        assertThat(find(parsed, TcpState.LISTEN).owners()).singleElement()
                .satisfies(o -> assertThat(o.name()).isEqualTo("p2p node"));
        assertThat(find(parsed, TcpState.TIME_WAIT).owners()).isEmpty();
    }

    @Test
    void queues_agree_between_ss_netstat_busybox_and_the_kernel() {
        for (String file : List.of("ss-tan", "netstat-tanW", "busybox-netstat-tan")) {
            List<TcpConnection> parsed = Listings.parseAuto(Golden.listing(file));
            assertThat(find(parsed, TcpState.CLOSE_WAIT).receiveQueue()).as(file).isEqualTo(1);
            assertThat(find(parsed, TcpState.SYN_SENT).sendQueue()).as(file).isEqualTo(1);
        }
    }

    @Test
    void a_table_of_over_ten_thousand_rows_reads_five_digit_row_numbers() {
        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.PROC, Golden.listing("many/proc-net-tcp.gz"));

        // then
        assertThat(withoutDetails(parsed)).containsExactlyInAnyOrderElementsOf(Golden.many());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"many/ss-tanH.gz, SS", "many/netstat-tanW.gz, NETSTAT"})
    void ss_and_netstat_read_the_same_ten_thousand_sockets(String capture, ListingFormat format) {
        assertThat(withoutDetails(Listings.parse(format, Golden.listing(capture))))
                .containsExactlyInAnyOrderElementsOf(Golden.many());
    }

    @Test
    void rows_repeated_across_kernel_pages_are_kept_once() {
        // given: the kernel restarted a page and printed rows 3 to 9 again
        String tcp = Golden.listing("proc-net-tcp");
        String[] lines = tcp.split("\n");
        StringBuilder repeated = new StringBuilder(tcp);
        for (int i = 4; i <= 10; i++) {
            repeated.append(lines[i].replaceFirst("^\\s*\\d+:", "  " + (100 + i) + ":")).append('\n');
        }

        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.PROC, repeated + Golden.listing("proc-net-tcp6"));

        // then: both reuse-port listeners stay, as their inodes differ
        assertThat(withoutDetails(parsed)).containsExactlyInAnyOrderElementsOf(Golden.plan());
    }

    @Test
    void crlf_line_ends_and_trailing_spaces_change_nothing() {
        for (String file : List.of("ss-tan", "netstat-tanW", "busybox-netstat-tan", "proc-net-tcp")) {
            String listing = Golden.listing(file);
            String crlf = listing.replace("\n", "   \r\n");
            assertThat(Listings.parseAuto(crlf)).as(file).isEqualTo(Listings.parseAuto(listing));
        }
    }

    @Test
    void ipv6_listener_without_v6only_reads_as_the_any_address() {
        // given: ss prints the dual-stack listener as '*:9002', with '*:*' as its peer
        String listing = Golden.listing("ss-tan");

        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.SS, listing);

        // then
        assertThat(withoutDetails(parsed)).contains(c(TcpState.LISTEN, "::", 9002, "::", 0));
    }

    private static TcpConnection find(List<TcpConnection> connections, TcpState state) {
        return connections.stream().filter(c -> c.state() == state).findFirst().orElseThrow();
    }
}
