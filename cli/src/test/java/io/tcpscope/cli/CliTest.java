package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command in-process, where it needs neither Docker nor the kernel: parsing, usage, errors. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void parse_reads_tcp_and_tcp6_given_together_as_one_listing() throws Exception {
        // given
        Path tcp = write("tcp", Golden.listing("proc-net-tcp"));
        Path tcp6 = write("tcp6", Golden.listing("proc-net-tcp6"));

        // when
        Run run = Run.of("parse", tcp.toString(), tcp6.toString(), "--json");

        // then
        assertThat(run.status()).isZero();
        JsonNode connections = JSON.readTree(run.out()).get("connections");
        assertThat(connections).hasSize(Golden.plan().size());
        List<String> rows = new ArrayList<>();
        connections.forEach(c -> rows.add(c.get("state").asText() + " " + c.get("local").get("address").asText() + " "
                + c.get("local").get("port").asInt() + " " + c.get("remote").get("address").asText() + " " + c.get("remote").get("port").asInt()));
        List<String> expected = Golden.plan().stream().map(c -> c.state().name() + " " + c.local().host() + " "
                + c.local().port() + " " + c.remote().host() + " " + c.remote().port()).toList();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(run.out()).contains("\"address\" : \"127.0.0.1\"", "\"address\" : \"fd12:3456:789a:bcde:1234:5678:9abc:def0\"");
    }

    @Test
    void modes_lists_auto_and_every_provider_on_the_class_path_in_autos_order() {
        // when
        Run run = Run.of("modes");

        // then
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().map(l -> l.split(" +")[0]).toList())
                .containsExactly("MODE", "auto", "procfs", "engine-procfs", "exec", "sidecar");
        assertThat(run.out().lines().map(l -> String.join(" ", java.util.Arrays.copyOf(l.split(" +"), 2))).toList())
                .contains("procfs 300", "engine-procfs 250", "exec 200", "sidecar 100");
    }

    @Test
    void an_unknown_mode_is_a_usage_error_that_lists_the_modes() {
        // when
        Run run = Run.of("connections", "node-a", "--mode", "nsenter");

        // then
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.firstErrorLine()).isEqualTo(
                "Invalid value for option '--mode': there is no mode 'nsenter'; the modes are auto, procfs, engine-procfs, exec, sidecar");
        assertThat(Run.of("connections", "--help").out().replaceAll("\\s+", " ")).contains("auto, procfs, engine-procfs, exec, sidecar (default: auto)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ss-tanp, auto", "netstat-tanW, netstat", "busybox-netstat-tan, busybox", "ss-tuan, ss"})
    void parse_prints_a_table_like_ss(String capture, String format) throws Exception {
        // when
        Run run = Run.of("parse", "--format", format, write(capture, Golden.listing(capture)).toString(), "--ports", "9003");

        // then
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().toList()).hasSize(1 + 3)
                .first().asString().startsWith("State").contains("Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port");
        assertThat(run.out()).contains("LISTEN", "[fd12:3456:789a:bcde:1234:5678:9abc:def0]:9003", "[::]:*", "ESTAB");
    }

    @Test
    void parse_reads_stdin_and_filters_by_state() {
        Run run = Run.withStdin(Golden.listing("ss-tan"), "parse", "-", "--state", "TIME-WAIT,close_wait");
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
                .containsExactlyInAnyOrder("TIME-WAIT", "CLOSE-WAIT");
    }

    @Test
    void parse_takes_the_state_of_a_state_filtered_ss_listing() throws Exception {
        Path listing = write("est", Golden.listing("ss-tn-state-established"));
        Run refused = Run.of("parse", listing.toString());
        Run read = Run.of("parse", listing.toString(), "--listing-state", "established", "--json");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("tcpscope parse --listing-state");
        assertThat(read.status()).isZero();
        assertThat(JSON.readTree(read.out()).get("connections")).hasSize(11);
    }

    @Test
    void an_unreadable_listing_fails_with_one_line_that_names_the_line() throws Exception {
        // when: a /proc listing read as ss
        Run run = Run.of("parse", "--format", "ss", write("tcp", Golden.listing("proc-net-tcp")).toString());

        // then
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("tcpscope: ss listing, line 2: '0:' is not a TCP state");
    }

    @Test
    void a_missing_file_fails_with_one_line_that_names_it() {
        Run run = Run.of("parse", dir.resolve("nope.txt").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("tcpscope: cannot read " + dir.resolve("nope.txt") + ": there is no such file\n");
    }

    @Test
    void stack_traces_only_with_debug() {
        Run quiet = Run.of("parse", dir.resolve("nope.txt").toString());
        Run debug = Run.of("--debug", "parse", dir.resolve("nope.txt").toString());
        assertThat(quiet.err()).doesNotContain("\tat ");
        assertThat(debug.err()).contains("NoSuchFileException", "\tat ").endsWith("there is no such file\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "parse --format xml|Invalid value for option '--format'",
        "connections --ports 90x0|'90x0' in '90x0' is not a port; ports are 1 to 65535",
        "connections --state BOGUS|'BOGUS' is not a TCP state",
        "count|Missing required parameter: 'CONTAINER'",
        "mesh|Error: Missing required argument",
        "mesh --network n1 c1|Unmatched argument at index 3: 'c1'",
        "count $(touch_/tmp/x)|is not a container name or id",
        "demo --nodes 1|--nodes must be between 2 and 16",
        "frobnicate|Unmatched argument at index 0: 'frobnicate'",
        "|say what to look at: connections, count, mesh, watch, parse or demo",
        "watch|Error: Missing required argument",
        "watch --network n1 c1|Unmatched argument at index 3: 'c1'",
        "watch c1 --interval soon|'soon' is not a duration; give a whole number and a unit, such as 500ms, 2s, 5m or 1h",
        "watch c1 --interval 0ms|--interval must be at least 1ms, not 0ms",
        "watch c1 --count 0|--count must be at least 1, not 0",
        "watch c1 --duration PT0S|--duration must be at least 1ms, not 0ms",
    })
    void usage_errors_exit_2_and_say_what_is_wrong(String args, String message) {
        Run run = Run.of(args == null ? new String[0] : args.replace('_', ' ').split(" (?=[^/])"));
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "connections node-a",
        "count node-a",
        "mesh node-a node-b",
        "mesh --network p2p",
        "watch node-a node-b",
        "watch --network p2p --json",
        "demo",
    })
    void an_engine_that_cannot_be_reached_exits_1_naming_it(String args) {
        // given: no engine listens on this socket
        List<String> argv = new ArrayList<>(List.of("--host", "unix://" + dir.resolve("no-engine.sock")));
        argv.addAll(List.of(args.split(" ")));

        // when
        Run run = Run.of(argv.toArray(String[]::new));

        // then
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.firstErrorLine()).startsWith("tcpscope: cannot reach the Docker engine at unix://" + dir.resolve("no-engine.sock"))
                .endsWith("start dockerd, or point DOCKER_HOST at a running engine");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_docker_host_that_is_not_one_is_one_line_that_says_how_to_write_one() {
        // given: a Docker host with no port, which docker-java would answer with a bare NullPointerException
        Run run = Run.of("--host", "tcp://127.0.0.1:notaport", "count", "node-a");

        // then: a bad argument, said before any engine is asked
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .isEqualTo("tcpscope: 'tcp://127.0.0.1:notaport' is not a Docker host; write unix:///path or tcp://host:port");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_error_escaping_the_command_is_one_line_and_its_trace_only_with_debug() {
        // given: a Windows named pipe, whose transport loads kernel32 through JNA: an UnsatisfiedLinkError here
        String[] args = {"--host", "npipe:////./pipe/tcpscope-no-engine", "count", "node-a"};

        // when
        Run quiet = Run.of(args);
        Run debug = Run.of(java.util.stream.Stream.concat(Stream.of("--debug"), Arrays.stream(args)).toArray(String[]::new));

        // then
        assertThat(quiet.status()).isEqualTo(1);
        assertThat(quiet.err().lines()).singleElement().asString().startsWith("tcpscope: ")
                .endsWith("; run again with --debug to see where it happened").doesNotContain("Error", "\tat ");
        assertThat(debug.status()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ").endsWith("\n").doesNotContain("run again with --debug");
        assertThat(debug.err().lines().reduce((first, second) -> second).orElseThrow()).startsWith("tcpscope: ");
    }

    @Test
    void debug_and_the_new_flags_are_in_the_help() {
        // when
        String top = Run.of("--help").out().replaceAll("\\s+", " ");
        String connections = Run.of("connections", "--help").out().replaceAll("\\s+", " ");
        String count = Run.of("count", "--help").out().replaceAll("\\s+", " ");
        String watch = Run.of("watch", "--help").out().replaceAll("\\s+", " ");
        String mesh = Run.of("mesh", "--help").out().replaceAll("\\s+", " ");

        // then
        assertThat(top).contains("--debug", "stack trace");
        assertThat(connections).contains("--debug", "--shared-namespaces", "--network host",
                "read in the host's network namespace (--network host)", "\"namespace\": \"host\"");
        assertThat(count).contains("--shared-namespaces");
        assertThat(watch).contains("--color=WHEN", "auto, always, never", "NO_COLOR", "no cursor movement");
        assertThat(watch).contains("--shared-namespaces", "--network host");
        assertThat(mesh).contains("--shared-namespaces", "--network host");
    }

    @Test
    void help_and_version_exit_0() {
        Run help = Run.of("--help");
        Run subHelp = Run.of("help", "mesh");
        Run version = Run.of("--version");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("connections", "count", "mesh", "watch", "parse", "demo",
                "Exit status: 0 on success, 1 when an inspection fails, 2 for a usage error.");
        assertThat(subHelp.out()).contains("--format=FORMAT", "text, json, mermaid, dot, svg", "--output=FILE");
        assertThat(version.out()).startsWith("tcpscope ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, 500", "2s, 2000", "5m, 300000", "1h, 3600000", "PT0.25S, 250"})
    void durations_take_a_unit_or_iso_8601(String text, long millis) {
        assertThat(Tcpscope.duration(text).toMillis()).isEqualTo(millis);
    }

    @Test
    void watch_explains_its_screen_its_json_and_its_exit_status() {
        // when
        String help = Run.of("watch", "--help").out().replaceAll("\\s+", " ");

        // then
        assertThat(help).contains("--network=NAME", "--interval=DURATION", "(default: 500ms)", "--json", "--no-color",
                "--count=N", "--duration=DURATION", "--mode=MODE", "--ports=PORTS",
                "\"before\":{\"from\":null,\"to\":null}", "130 after Ctrl-C", "tcpscope watch node-1 node-2 node-3");
        assertThat(help).as("the kernel's events, and where they come from").contains(
                "DIAL_FAILED b -> c:9001 refused (nothing listens on c:9001)", "RESET c 10.0.0.4:9000 -> a",
                "\"kind\":\"SOURCE\"", "\"kernelEvents\":true", "'samples only:' and why", "\"kind\":\"DIAL_FAILED\"",
                "\"reason\":\"refused\"", "\"kind\":\"RESET\"", "\"receiverEnd\":{...},\"state\":\"ESTABLISHED\"");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
