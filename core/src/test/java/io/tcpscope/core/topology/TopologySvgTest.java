package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.LinkEvent.Ends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The picture, parsed as XML: what it draws for snapshots whose every link is known by construction. */
class TopologySvgTest {

    private static final String A = "10.0.0.2";
    private static final String B = "10.0.0.3";
    private static final String C = "10.0.0.4";
    private static final String D = "10.0.0.5";
    private static final long UNSENT = 2_803_712;

    /**
     * b dialed a and is healthy; c dialed a and its data waits on a's closed window (stalled); c is
     * still dialing b (SYN-SENT); a's old link to b is closing (FIN-WAIT-2 | CLOSE-WAIT); d was not read.
     */
    private static Topology fourLinks() {
        TcpConnection stalledEnd = new TcpConnection(Endpoint.of(C, 40002), Endpoint.of(A, 9000), TcpState.ESTABLISHED,
                0, UNSENT, 0, 1234, List.of(), TcpTimer.ZERO_WINDOW_PROBE, 0);
        return Topology.of(List.of(
                node("a", A, listen(9000), c(TcpState.ESTABLISHED, A, 9000, B, 40001), c(TcpState.ESTABLISHED, A, 9000, C, 40002),
                        c(TcpState.FIN_WAIT2, A, 40004, B, 9000)),
                node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 40001, A, 9000), c(TcpState.CLOSE_WAIT, B, 9000, A, 40004)),
                node("c", C, listen(9000), stalledEnd, c(TcpState.SYN_SENT, C, 40003, B, 9000)),
                NodeTable.unread("d", Set.of(IpAddresses.parse(D)), "container 'd' is paused")), PortSet.P2P_DEFAULT);
    }

    @Test
    void a_document_draws_each_node_each_link_by_its_health_and_each_pair_with_no_connection() throws Exception {
        // when
        String svg = TopologySvg.document(fourLinks());
        Element root = parse(svg);

        // then: a standalone SVG file
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg).doesNotContain("href", "<script", "url(http");
        // the nodes, d drawn as not read
        assertThat(attrs(root, "g", "class", "node", "data-node")).containsExactly("a", "b", "c", "d");
        assertThat(root.getElementsByTagName("circle").getLength()).isEqualTo(4);
        assertThat(texts(root, "class", "node-count")).containsExactly("2 active", "1 active", "1 active", "not read");
        // the links: an arrow from dialer to listener each, coloured and labelled by its health
        Map<String, String> edges = new LinkedHashMap<>();
        for (Element g : elements(root, "g", e -> e.getAttribute("class").equals("edge"))) {
            Element path = (Element) g.getElementsByTagName("path").item(0);
            Element label = (Element) g.getElementsByTagName("text").item(0);
            edges.put(g.getAttribute("data-from") + "->" + g.getAttribute("data-to"), g.getAttribute("data-state") + " "
                    + g.getAttribute("data-health") + " " + path.getAttribute("stroke") + " "
                    + path.getAttribute("marker-end") + " " + label.getTextContent());
        }
        assertThat(edges).containsOnly(
                entry("b->a", "ESTABLISHED healthy #15803d url(#head-healthy) 9000"),
                entry("c->a", "ESTABLISHED stalled #dc2626 url(#head-stalled) 9000 stalled"),
                entry("a->b", "FIN_WAIT2 closing #7c3aed url(#head-closing) 9000 FIN-WAIT-2"),
                entry("c->b", "SYN_SENT connecting #d97706 url(#head-connecting) 9000 SYN-SENT"));
        assertThat(attrs(root, "marker", "class", "", "id"))
                .containsExactly("head-healthy", "head-stalled", "head-connecting", "head-closing");
        // every pair with no ESTABLISHED connection, drawn and listed
        assertThat(elements(root, "line", e -> e.getAttribute("class").equals("missing-pair")))
                .extracting(l -> l.getAttribute("data-a") + "-" + l.getAttribute("data-b"))
                .containsExactly("a-d", "b-c", "b-d", "c-d");
        assertThat(String.join(" ", texts(root, "class", "caption"))).isEqualTo(
                "4 nodes, 2 ESTABLISHED connections on P2P ports 9000-9001, 4 links in all; 4 pairs not connected");
        assertThat(root.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(
                "4 nodes, 2 ESTABLISHED connections on P2P ports 9000-9001, 4 links in all; 4 pairs not connected");
        assertThat(texts(root, "class", "missing-pairs"))
                .containsExactly("not connected (4): a \u2013 d, b \u2013 c, b \u2013 d, c \u2013 d");
        // and a legend of every colour
        assertThat(texts(root, "class", "legend")).contains("established, healthy",
                "established, stalled: data waits on the peer", "connecting (SYN-SENT, SYN-RECV)",
                "closing (FIN-WAIT, CLOSE-WAIT, LAST-ACK, TIME-WAIT)", "no ESTABLISHED connection between the two nodes");
    }

    @Test
    void an_element_is_the_same_picture_without_namespace_caption_or_legend() throws Exception {
        // given
        Topology t = fourLinks();
        List<DrawnLink> links = DrawnLink.of(t, List.of());

        // when
        Element element = parse(TopologySvg.element(t, links));
        Element document = parse(TopologySvg.document(t, links));

        // then
        assertThat(element.getAttribute("xmlns")).isEmpty();
        assertThat(element.getAttribute("class")).isEqualTo("topology");
        assertThat(texts(element, "class", "caption")).isEmpty();
        assertThat(texts(element, "class", "legend")).isEmpty();
        assertThat(texts(element, "class", "missing-pairs")).isEmpty();
        for (String drawn : List.of("edge", "node")) {
            assertThat(attrs(element, "g", "class", drawn, "data-link", "data-node", "data-health"))
                    .as(drawn).containsExactlyElementsOf(attrs(document, "g", "class", drawn, "data-link", "data-node", "data-health"));
        }
        assertThat(attrs(element, "line", "class", "missing-pair", "data-a"))
                .containsExactlyElementsOf(attrs(document, "line", "class", "missing-pair", "data-a"));
    }

    @Test
    void every_missing_pair_is_listed_however_many_and_no_line_of_them_runs_off_the_picture() throws Exception {
        // given: twelve nodes and no connection, 66 pairs
        List<NodeTable> nodes = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            nodes.add(node("node-" + i, "10.0.1." + i, listen(9000)));
        }
        Topology t = Topology.of(nodes, PortSet.P2P_DEFAULT);

        // when
        Element root = parse(TopologySvg.document(t));

        // then
        List<String> lines = texts(root, "class", "missing-pairs");
        String listed = String.join(" ", lines);
        assertThat(t.missingPairs()).hasSize(66)
                .allSatisfy(p -> assertThat(listed).contains(p.first() + " \u2013 " + p.second() + (p.equals(NodePair.of("node-11", "node-12")) ? "" : ",")));
        assertThat(listed).startsWith("not connected (66):").doesNotContain("more");
        double width = Double.parseDouble(root.getAttribute("width"));
        assertThat(lines).hasSizeGreaterThan(1).allSatisfy(l -> assertThat(l.length() * 6.6).isLessThanOrEqualTo(width - 32));
        assertThat(texts(root, "class", "caption")).allSatisfy(l -> assertThat(l.length() * 8.8).isLessThanOrEqualTo(width - 32));
        assertThat(elements(root, "line", e -> e.getAttribute("class").equals("missing-pair"))).hasSize(66);
        double height = Double.parseDouble(root.getAttribute("height"));
        assertThat(elements(root, "circle", e -> true)).allSatisfy(circle -> assertThat(
                Double.parseDouble(circle.getAttribute("cy")) + 36).isLessThan(height));
    }

    @Test
    void both_ends_listening_have_two_heads_and_an_unknown_direction_is_dashed_with_none() throws Exception {
        // given: b and c dialed each other's listening port; x and y talk on ports neither listens on
        Topology t = Topology.of(List.of(
                node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 9000, C, 9000)),
                node("c", C, listen(9000), c(TcpState.ESTABLISHED, C, 9000, B, 9000)),
                node("x", "10.0.0.8", List.of(), c(TcpState.ESTABLISHED, "10.0.0.8", 9001, "10.0.0.9", 9000)),
                node("y", "10.0.0.9", List.of(), c(TcpState.ESTABLISHED, "10.0.0.9", 9000, "10.0.0.8", 9001))),
                PortSet.P2P_DEFAULT);

        // when
        Element root = parse(TopologySvg.document(t));

        // then
        Map<String, String> paths = new LinkedHashMap<>();
        for (Element g : elements(root, "g", e -> e.getAttribute("class").equals("edge"))) {
            Element path = (Element) g.getElementsByTagName("path").item(0);
            paths.put(g.getAttribute("data-direction"), path.getAttribute("marker-start") + "|" + path.getAttribute("marker-end")
                    + "|" + path.getAttribute("stroke-dasharray") + "|" + ((Element) g.getElementsByTagName("text").item(0)).getTextContent());
        }
        assertThat(paths).containsOnly(entry("BOTH_LISTEN", "url(#head-healthy)|url(#head-healthy)||9000/9000"),
                entry("UNKNOWN", "||6 4|9001/9000"));
    }

    @Test
    void names_are_escaped_and_a_link_to_a_node_the_topology_lacks_is_refused() throws Exception {
        // given
        Topology t = Topology.of(List.of(node("a<1>&\"'", A, listen(9000), c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                node("b", B, List.of(), c(TcpState.ESTABLISHED, B, 40001, A, 9000))), PortSet.P2P_DEFAULT);
        DrawnLink stranger = new DrawnLink(new Edge("b", "z", Endpoint.of(B, 40002), Endpoint.of("10.0.0.99", 9000),
                Edge.Direction.DIALED), new Ends(TcpState.ESTABLISHED, null), LinkHealth.HEALTHY, null);

        // when
        String svg = TopologySvg.document(t);

        // then
        assertThat(svg).contains("a&lt;1&gt;&amp;&quot;&#39;").doesNotContain("a<1>");
        assertThat(attrs(parse(svg), "g", "class", "node", "data-node")).containsExactly("a<1>&\"'", "b");
        assertThatThrownBy(() -> TopologySvg.element(t, List.of(stranger))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("joins a node that the topology does not have");
    }

    @Test
    void a_recorded_stall_is_told_before_the_snapshots_own_and_a_link_with_no_end_seen_is_refused() {
        // given: the recorder followed c's stall for two samples
        Topology t = fourLinks();
        StalledLink own = t.stalledLinks().get(0);
        StalledLink recorded = new StalledLink(own.link(), own.node(), own.socket(), Instant.parse("2026-11-26T12:00:01Z"), 2);

        // when
        List<DrawnLink> alone = DrawnLink.of(t, List.of());
        List<DrawnLink> followed = DrawnLink.of(t, List.of(recorded));

        // then
        assertThat(alone).filteredOn(l -> l.stall() != null).singleElement().satisfies(l -> {
            assertThat(l.health()).isEqualTo(LinkHealth.STALLED);
            assertThat(l.stall()).isEqualTo("c has " + UNSENT + " bytes unsent (ZERO_WINDOW_PROBE, 0 retransmits) in this snapshot");
            assertThat(l.key()).isEqualTo("a 10.0.0.2:9000 ~ c 10.0.0.4:40002");
        });
        assertThat(followed).filteredOn(l -> l.stall() != null).singleElement().extracting(DrawnLink::stall)
                .isEqualTo("c has " + UNSENT + " bytes unsent (ZERO_WINDOW_PROBE, 0 retransmits) since 2026-11-26T12:00:01Z, 2 samples");
        assertThatThrownBy(() -> new DrawnLink(own.link(), Ends.NONE, LinkHealth.CLOSING, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has none");
    }

    @ParameterizedTest
    @CsvSource({
        "ESTABLISHED, ESTABLISHED, false, HEALTHY, ESTABLISHED",
        "FIN_WAIT1,   ESTABLISHED, true,  STALLED, ESTABLISHED",
        "SYN_SENT,    ,            false, CONNECTING, SYN_SENT",
        ",            SYN_RECV,    false, CONNECTING, SYN_RECV",
        "FIN_WAIT2,   CLOSE_WAIT,  false, CLOSING, FIN_WAIT2",
        "TIME_WAIT,   ,            true,  CLOSING, TIME_WAIT",
        ",            LAST_ACK,    false, CLOSING, LAST_ACK",
    })
    void a_links_health_and_state_follow_its_ends(TcpState from, TcpState to, boolean stalled, LinkHealth health, TcpState state) {
        // given
        Ends ends = new Ends(from, to);

        // when / then
        assertThat(LinkHealth.of(ends, stalled)).isEqualTo(health);
        assertThat(ends.state()).isEqualTo(state);
    }

    private static Element parse(String svg) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }

    private static List<Element> elements(Element root, String tag, Predicate<Element> which) {
        NodeList all = root.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            if (which.test((Element) all.item(i))) {
                found.add((Element) all.item(i));
            }
        }
        return found;
    }

    /** The named attributes of the elements of a tag whose {@code attr} is {@code value} (any, for ""), joined. */
    private static List<String> attrs(Element root, String tag, String attr, String value, String... names) {
        return elements(root, tag, e -> value.isEmpty() || e.getAttribute(attr).equals(value)).stream()
                .map(e -> {
                    List<String> values = new ArrayList<>();
                    for (String name : names) {
                        if (e.hasAttribute(name)) {
                            values.add(e.getAttribute(name));
                        }
                    }
                    return String.join(" ", values);
                }).toList();
    }

    private static List<String> texts(Element root, String attr, String value) {
        return elements(root, "text", e -> e.getAttribute(attr).equals(value)).stream().map(Element::getTextContent).toList();
    }

    private static NodeTable node(String name, String ip, List<TcpConnection> listeners, TcpConnection... connections) {
        List<TcpConnection> table = new ArrayList<>(listeners);
        table.addAll(List.of(connections));
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), table);
    }

    private static List<TcpConnection> listen(int port) {
        return List.of(c(TcpState.LISTEN, "0.0.0.0", port, "0.0.0.0", 0));
    }
}
