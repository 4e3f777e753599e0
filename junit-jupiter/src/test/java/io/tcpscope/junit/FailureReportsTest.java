package io.tcpscope.junit;

import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.junit.FailureReports.Format;
import io.tcpscope.testkit.report.FailureReport;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The files a failed test leaves, by the formats asked for, from a report of a topology made by hand. */
class FailureReportsTest {

    private static final String HEADER = "test: fails()\ncluster: tcpscope-1234\nfailure: java.lang.AssertionError: on purpose\n";

    @TempDir
    Path folder;

    /** b dialed a; c has no connection. */
    private static FailureReport report() {
        Topology t = Topology.of(List.of(
                node("a", "10.0.0.2", c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0),
                        c(TcpState.ESTABLISHED, "10.0.0.2", 9000, "10.0.0.3", 40001)),
                node("b", "10.0.0.3", c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0),
                        c(TcpState.ESTABLISHED, "10.0.0.3", 40001, "10.0.0.2", 9000)),
                node("c", "10.0.0.4", c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0))), PortSet.P2P_DEFAULT);
        return FailureReport.builder("MeshTest > fails()").failure(new AssertionError("on purpose")).topology(t).build();
    }

    @Test
    void by_default_a_failure_leaves_one_html_file_with_the_picture_inline() throws Exception {
        // when
        List<Path> written = FailureReports.write(FailureReports.DEFAULT, folder, "fails", report(), HEADER);

        // then
        assertThat(written).containsExactly(folder.resolve("fails.html"));
        assertThat(files()).containsExactly("fails.html");
        Document page = Jsoup.parse(Files.readString(folder.resolve("fails.html")));
        Element svg = page.selectFirst("#topology svg.topology");
        assertThat(svg.select("g.node").eachAttr("data-node")).containsExactly("a", "b", "c");
        assertThat(svg.select("g.edge").eachAttr("data-from")).containsExactly("b");
        assertThat(svg.select("line.missing-pair")).hasSize(2);
    }

    @Test
    void text_and_svg_are_written_beside_the_page_when_asked_for_and_show_the_pages_topology() throws Exception {
        // when
        List<Path> written = FailureReports.write(FailureReports.parse("html,txt,svg"), folder, "fails", report(), HEADER);

        // then
        assertThat(written).containsExactly(folder.resolve("fails.html"), folder.resolve("fails.txt"), folder.resolve("fails.svg"));
        assertThat(Files.readString(folder.resolve("fails.txt"))).isEqualTo(HEADER + "\n" + report().topology().orElseThrow());
        org.w3c.dom.Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(folder.resolve("fails.svg").toFile());
        assertThat(svg.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(3);
        assertThat(texts(svg.getElementsByTagName("text"))).contains("not connected (2): a \u2013 c, b \u2013 c");
    }

    @Test
    void a_format_alone_is_written_alone_and_a_picture_needs_a_topology() throws Exception {
        // given: a report of a failure that read no topology
        FailureReport blind = FailureReport.builder("blind").failure(new IllegalStateException("boom")).build();

        // when
        List<Path> svgOnly = FailureReports.write(Set.of(Format.SVG), folder.resolve("one"), "fails", report(), HEADER);
        List<Path> nothingToDraw = FailureReports.write(Set.of(Format.SVG, Format.TXT), folder.resolve("blind"), "blind",
                blind, HEADER);

        // then
        assertThat(svgOnly).containsExactly(folder.resolve("one/fails.svg"));
        assertThat(nothingToDraw).containsExactly(folder.resolve("blind/blind.txt"));
        assertThat(Files.readString(folder.resolve("blind/blind.txt"))).isEqualTo(HEADER + "\nNo topology was read.\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "html;            HTML",
        "html,txt,svg;    HTML TXT SVG",
        "' SVG , Txt ';   TXT SVG",
        "txt,txt;         TXT",
        "svg,;            SVG",
    })
    void formats_are_named_by_their_extensions_in_any_case_separated_by_commas(String names, String formats) {
        assertThat(FailureReports.parse(names)).containsExactlyElementsOf(
                Arrays.stream(formats.split(" ")).map(Format::valueOf).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"html,pdf", "PDF", "html;svg", "png, svg"})
    void an_unknown_format_is_a_configuration_error_that_names_it_and_the_known_ones(String names) {
        assertThatThrownBy(() -> FailureReports.parse(names)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("tcpscope.reports.formats=" + names + " names the report format '")
                .hasMessageEndingWith("which tcpscope does not write; name some of html, txt, svg, separated by commas");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , "})
    void no_format_at_all_is_a_configuration_error(String names) {
        assertThatThrownBy(() -> FailureReports.parse(names)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("tcpscope.reports.formats names no report format; name some of html, txt, svg, separated by"
                        + " commas, or remove it to write html alone");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> texts(NodeList nodes) {
        return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent()).toList();
    }

    private static NodeTable node(String name, String ip, TcpConnection... table) {
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), List.of(table));
    }
}
