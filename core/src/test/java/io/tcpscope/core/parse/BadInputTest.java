package io.tcpscope.core.parse;

import io.tcpscope.core.Golden;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a {@link ListingParseException} that names the format, the line and its text. */
class BadInputTest {

    private static final String PROC_HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private static final String PROC_ROW =
            "   0: 0100007F:232C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7616 1 0000000080e090c2 100 0 0 10 0";

    @ParameterizedTest
    @EnumSource(ListingFormat.class)
    void an_empty_listing_is_an_empty_list(ListingFormat format) {
        assertThat(Listings.parse(format, "")).isEmpty();
        assertThat(Listings.parse(format, "\n\r\n  \n")).isEmpty();
        assertThat(Listings.parseAuto("")).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "2| 0: 0100007F:232C|the rem_address field is missing",
        "2| 0: 0100007F:232C 00000000:0000 0A|the tx_queue field is missing",
        "2| 0: 0100007:232C 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1|8 or 32 hex digits",
        "2| 0: 0100007F:23 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1|port must be 4 hex digits",
        "2| 0: 0100007F:232C 00000000:0000 0C 00000000:00000000 00:00000000 00000000 0 0 1|state code C is not a TCP state",
        "2| 0: 0100007F:232C 00000000:0000 0A 00000000:00000000 00:00000000 00000000 x 0 1|uid must be a decimal number",
        "2| 0: 0100007F:232C 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 99999999999999999999|inode is too large",
        "2| x: 0100007F:232C 00000000:0000 0A|expected a row number",
        "2| 0 0100007F:232C 00000000:0000 0A|expected a row number",
        "2| 0: 0100007F:232C00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1|rem_address field is missing",
    })
    void proc_rows_that_are_cut_or_garbled_are_named(int line, String row, String problem) {
        assertRefused(ListingFormat.PROC, PROC_HEADER + row + "\n", line, problem);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "1|VERBUNDEN 0 0 10.0.0.2:40001 10.0.0.3:9000|is not a TCP state; run ss with LC_ALL=C",
        "1|ESTAB 0 0 10.0.0.2:40001|expected Recv-Q, Send-Q, local and peer columns",
        "1|ESTAB 0 0 10.0.0.2:http 10.0.0.3:9000|is not a number from 0 to 65535; run the tool with -n",
        "1|ESTAB 0 0 node-a:40001 10.0.0.3:9000|is not an IP address; run the tool with -n",
        "1|ESTAB x 0 10.0.0.2:40001 10.0.0.3:9000|Recv-Q 'x' is not a number",
        "1|ESTAB 0 0 10.0.0.2:70000 10.0.0.3:9000|is not a number from 0 to 65535",
        "1|ESTAB 0 0 [::1:9000 10.0.0.3:9000|has an unclosed '['",
        "1|ESTAB 0 0 10.0.0.2 10.0.0.3:9000|is not an address:port pair",
        "1|ESTAB 0 0 10.0.0.2:1 10.0.0.3:2 users:((\"x\",fd=3))|without a pid",
        "1|ESTAB 0 0 10.0.0.2:1 10.0.0.3:2 users:((x,pid=1,fd=3))|process column is malformed",
    })
    void ss_rows_with_bad_columns_are_named(int line, String row, String problem) {
        assertRefused(ListingFormat.SS, row, line, problem);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "3|tcp 0 0 10.0.0.2:40001 10.0.0.3:9000 VERBUNDEN|is not a TCP state; run netstat with LC_ALL=C",
        "3|tcp 0 0 10.0.0.2:40001 10.0.0.3:9000|expected Proto, Recv-Q, Send-Q",
        "3|sctp 0 0 10.0.0.2:40001 10.0.0.3:9000 ESTABLISHED|is not a protocol netstat prints",
        "3|tcp 0 0 10.0.0.2:ssh 10.0.0.3:9000 ESTABLISHED|is not a number from 0 to 65535",
        "3|tcp6 0 0 2001:db8:1:2:3:4:5:9000 ::1:9000 ESTABLISHED|may be cut short",
    })
    void netstat_rows_with_bad_columns_are_named(int line, String row, String problem) {
        String header = "Active Internet connections (servers and established)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n";
        assertRefused(ListingFormat.NETSTAT, header + row, line, problem);
    }

    @Test
    void a_natural_23_character_ipv6_column_is_accepted_when_the_listing_is_wide() {
        // given: one column wider than 23 proves -W, so the 23-character one was not cut
        String listing = "tcp6 0 0 2001:db8::1:2:3:45:9000 ::1:9000 ESTABLISHED\n"
                + "tcp6 0 0 2001:db8:1:2:3:4:5:6:9000 ::1:9001 ESTABLISHED\n";

        // then
        assertThat(Listings.parse(ListingFormat.NETSTAT, listing)).hasSize(2);
        assertThat(NetstatParser.wide(ListingFormat.NETSTAT).parse(listing.lines().findFirst().orElseThrow()))
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0} given {1}")
    @CsvSource({
        "PROC,    ss-tan", "PROC,    netstat-tanW", "PROC,    busybox-netstat-tan",
        "SS,      proc-net-tcp", "SS,      proc-net-tcp6", "SS,      netstat-tanW", "SS,      busybox-netstat-tan",
        "NETSTAT, proc-net-tcp", "NETSTAT, ss-tan", "NETSTAT, ss-tanH",
        "BUSYBOX, proc-net-tcp", "BUSYBOX, ss-tan",
    })
    void a_listing_of_another_format_is_refused_never_read_as_empty(ListingFormat format, String capture) {
        assertThatThrownBy(() -> Listings.parse(format, Golden.listing(capture)))
                .isInstanceOfSatisfying(ListingParseException.class, e -> assertThat(e.format()).isEqualTo(format));
    }

    @Test
    void ss_detail_lines_under_a_socket_are_skipped() {
        // given: ss -ti puts a tab-indented line of TCP details under each socket
        String listing = "ESTAB 0 0 10.0.0.2:40001 10.0.0.3:9000\n\t cubic wscale:7,7 rto:204 rtt:0.05/0.025\n";

        // then
        assertThat(Listings.parse(ListingFormat.SS, listing)).hasSize(1);
    }

    @Test
    void text_that_is_no_listing_is_refused_by_auto_detection() {
        assertThatThrownBy(() -> Listings.parseAuto("\nError: container not running\n"))
                .isInstanceOfSatisfying(ListingParseException.class, e -> {
                    assertThat(e.format()).isNull();
                    assertThat(e.lineNumber()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("not a listing of /proc/net/tcp, ss, netstat or busybox netstat");
                });
    }

    @Test
    void a_very_long_line_is_shortened_in_the_message_but_kept_whole() {
        String row = "ESTAB 0 0 10.0.0.2:1 " + "x".repeat(5000);
        assertThatThrownBy(() -> Listings.parse(ListingFormat.SS, row))
                .isInstanceOfSatisfying(ListingParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(row);
                    assertThat(e.getMessage()).hasSizeLessThan(400);
                });
    }

    /**
     * Seeded mutations of every real capture: each parser either reads the result or throws its
     * documented exception, never a NumberFormatException or an index exception.
     */
    @ParameterizedTest
    @EnumSource(ListingFormat.class)
    void mutated_captures_give_only_the_documented_exception(ListingFormat format) {
        List<String> captures = List.of(Golden.procTables(), Golden.listing("ss-tanp"), Golden.listing("ss-tuan"),
                Golden.listing("netstat-tanpW"), Golden.listing("busybox-netstat-tan"));
        Random random = new Random(format.ordinal());
        String alphabet = "0123456789abcdefABCDEF:.[]%*-_ ,()\"=/\t\r\nxyzESTABLISTEN";
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder(captures.get(random.nextInt(captures.size())));
            for (int edit = random.nextInt(6); edit >= 0 && text.length() > 0; edit--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setLength(at);
                }
            }
            try {
                Listings.parse(format, text.toString());
                Listings.parseAuto(text.toString());
                parsed++;
            } catch (ListingParseException expected) {
                refused++;
            }
        }
        assertThat(parsed).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void the_state_filter_parser_needs_a_state() {
        assertThatThrownBy(() -> SsParser.withState(null)).hasMessage("state must not be null");
        assertThat(SsParser.withState(TcpState.ESTABLISHED).parse("0 0 10.0.0.2:1 10.0.0.3:9000"))
                .singleElement().extracting(c -> c.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    private static void assertRefused(ListingFormat format, String listing, int line, String problem) {
        assertThatThrownBy(() -> Listings.parse(format, listing))
                .isInstanceOfSatisfying(ListingParseException.class, e -> {
                    assertThat(e.format()).isEqualTo(format);
                    assertThat(e.lineNumber()).isEqualTo(line);
                    assertThat(e.line()).isEqualTo(listing.split("\n")[line - 1]);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith(format.displayName() + " listing, line " + line + ": ");
                });
    }
}
