package io.tcpscope.core;

import io.tcpscope.core.ContainerUnavailableException.Condition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages say what happened and what to do, and carry the facts as fields. */
class ExceptionsTest {

    private static final String ID = "3f2a1b2c3d4e5f60718293a4b5c6d7e8";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NOT_FOUND|container 'node-a' (3f2a1b2c3d4e) was not found; check the name or id with 'docker ps -a'",
        "NOT_RUNNING|container 'node-a' (3f2a1b2c3d4e) is not running; start it or inspect a running container",
        "PAUSED|container 'node-a' (3f2a1b2c3d4e) is paused; unpause it ('docker unpause') before inspecting it",
        "RESTARTING|container 'node-a' (3f2a1b2c3d4e) is restarting; wait until it is running, then inspect it again",
        "REMOVED|container 'node-a' (3f2a1b2c3d4e) was removed while it was being inspected",
    })
    void container_conditions_name_the_container_and_the_remedy(Condition condition, String message) {
        ContainerUnavailableException e = new ContainerUnavailableException("node-a", "/node-a", ID, condition);
        assertThat(e).hasMessage(message).isInstanceOf(TcpscopeException.class);
        assertThat(e.condition()).isEqualTo(condition);
        assertThat(e.id()).isEqualTo(ID);
    }

    @Test
    void a_container_known_only_by_its_reference_is_named_by_it() {
        assertThat(new ContainerUnavailableException("ghost", null, null, Condition.NOT_FOUND))
                .hasMessageStartingWith("container 'ghost' was not found");
        assertThat(new ContainerUnavailableException(ID, null, ID, Condition.NOT_RUNNING))
                .hasMessageStartingWith("container '3f2a1b2c3d4e' is not running");
    }

    @Test
    void an_adapter_can_say_a_tool_is_missing_without_an_exit_code() {
        CommandFailedException e = CommandFailedException.toolMissing("ns/pod", List.of("ss", "-tanH"), "exit status -1");
        assertThat(e.toolMissing()).isTrue();
        assertThat(e.exitCode()).isNull();
        assertThat(e.getMessage()).isEqualTo("'ss -tanH' in container 'ns/pod' failed: ss is not in the image: exit status -1");
    }

    @ParameterizedTest(name = "exit {0}")
    @CsvSource(delimiter = '|', value = {
        "126|exec failed: exec: \"ss\": executable file not found in $PATH: unknown|true",
        "127|sh: ss: not found|true",
        "1|ss: applet not found|true",
        "1|crun: executable file `ss` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found|true",
        "1|netstat: invalid option -- 'W'|false",
        "2|Cannot open netlink socket: Permission denied|false",
    })
    void command_failures_tell_a_missing_tool_apart_whatever_the_runtime(int exit, String stderr, boolean missing) {
        CommandFailedException e = new CommandFailedException("node-a", List.of("ss", "-tanH"), exit, stderr);
        assertThat(e.toolMissing()).isEqualTo(missing);
        assertThat(e.exitCode()).isEqualTo(exit);
        assertThat(e.getMessage()).startsWith("'ss -tanH' in container 'node-a' failed")
                .contains(missing ? "ss is not in the image" : "exit code " + exit);
    }

    @Test
    void a_command_without_exit_code_says_so() {
        assertThat(new CommandFailedException("node-a", List.of("cat"), null, ""))
                .hasMessage("'cat' in container 'node-a' ended without an exit code; the engine lost track of it");
    }

    @Test
    void a_timeout_names_the_command_and_the_limit() {
        CommandTimeoutException e = new CommandTimeoutException("node-a", List.of("ss", "-tanH"), Duration.ofSeconds(10));
        assertThat(e).hasMessageStartingWith("'ss -tanH' in container 'node-a' did not finish within 10000 ms");
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void an_engines_refusal_quotes_the_engine_in_one_line_and_keeps_the_facts() {
        // given: what docker-java reports for a helper whose image lacks cat, as the engine sent it
        RuntimeException cause = new RuntimeException("Status 400: {\"message\":\"failed to create shim task: OCI runtime"
                + " create failed: exec: \\\"cat\\\": executable file not found in $PATH: unknown\"}\n");

        // when
        EngineRefusedException e = new EngineRefusedException("unix:///var/run/docker.sock", "start a helper", 400,
                cause.getMessage(), cause);

        // then
        assertThat(e).hasMessage("the Docker engine at unix:///var/run/docker.sock refused to start a helper:"
                + " failed to create shim task: OCI runtime create failed: exec: \"cat\": executable file not found"
                + " in $PATH: unknown (HTTP 400)").hasCause(cause).isInstanceOf(TcpscopeException.class);
        assertThat(e.engineMessage()).contains("executable file not found");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.request()).isEqualTo("start a helper");
        assertThat(new EngineRefusedException("tcp://h:2375", "ping", null, null, null))
                .hasMessage("the Docker engine at tcp://h:2375 refused to ping: no reason given");
    }

    @Test
    void a_table_that_is_not_a_containers_is_not_called_one() {
        InspectionFailedException e = InspectionFailedException.of("this process's network namespace", "/proc/7/net/tcp is missing");
        assertThat(e).hasMessage("could not read the TCP table of this process's network namespace; /proc/7/net/tcp is missing");
        assertThat(new InspectionFailedException("node-a", List.of(), "no tools")).hasMessageStartingWith(
                "could not read the TCP table of container 'node-a'; no tools");
    }

    @Test
    void a_shared_namespace_names_its_owner_and_both_ways_out() {
        SharedNamespaceException host = new SharedNamespaceException("'node-a' (3f2a1b2c3d4e)", NamespaceOwner.host(),
                "--shared-namespaces");
        assertThat(host).hasMessage("container 'node-a' (3f2a1b2c3d4e) shares the host's network namespace"
                + " (--network host), so its table would be the host's; give it a network of its own, or read it"
                + " anyway with --shared-namespaces");
        assertThat(host.owner().isHost()).isTrue();
        SharedNamespaceException other = new SharedNamespaceException("'sidecar'", NamespaceOwner.container("/db"),
                "withSharedNamespaces()");
        assertThat(other).hasMessageContaining("shares container 'db''s network namespace (--network container:db),"
                + " so its table would be that container's");
        assertThat(other.owner()).isEqualTo(NamespaceOwner.container("db"));
        assertThat(other.owner().isHost()).isFalse();
    }

    @Test
    void a_stalled_engine_names_the_engine_the_call_and_the_bound() {
        EngineUnavailableException e = EngineUnavailableException.stalled("unix:///var/run/docker.sock",
                "inspect container node-a", Duration.ofSeconds(30), null);
        assertThat(e).hasMessage("the Docker engine at unix:///var/run/docker.sock did not answer 'inspect container"
                + " node-a' within 30 s; check that it responds ('docker info'), or give it longer with the engine's"
                + " response timeout");
        assertThat(e.call()).contains("inspect container node-a");
        assertThat(e.endpoint()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(new EngineUnavailableException("tcp://x:2375", new java.io.IOException("refused")).call()).isEmpty();
    }

    @Test
    void an_unreachable_engine_quotes_the_transports_words_and_not_its_class() {
        // given: a transport failure with words, and one without
        EngineUnavailableException worded = new EngineUnavailableException("unix:///x.sock",
                new RuntimeException(new java.io.IOException(new java.net.ConnectException("Connection refused"))));
        EngineUnavailableException wordless = new EngineUnavailableException("unix:///x.sock",
                new RuntimeException(new java.net.ConnectException()));

        // then
        assertThat(worded).hasMessage("cannot reach the Docker engine at unix:///x.sock (Connection refused); start"
                + " dockerd, or point DOCKER_HOST at a running engine");
        assertThat(wordless).hasMessage("cannot reach the Docker engine at unix:///x.sock (the transport gave no reason);"
                + " start dockerd, or point DOCKER_HOST at a running engine");
        assertThat(wordless).hasRootCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void an_interrupted_wait_says_so_and_does_not_blame_the_engine() {
        // given
        InterruptedException interrupt = new InterruptedException();

        // when
        EngineUnavailableException e = EngineUnavailableException.interrupted("unix:///var/run/docker.sock",
                "inspect container node-a", interrupt);

        // then
        assertThat(e).hasMessage("interrupted while waiting for 'inspect container node-a' on unix:///var/run/docker.sock;"
                + " the call was given up, which says nothing of the engine").hasCause(interrupt);
        assertThat(e.getMessage()).doesNotContain("cannot reach", "did not answer");
        assertThat(e.call()).contains("inspect container node-a");
        assertThat(e.endpoint()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void calls_that_never_returned_are_counted_and_the_one_not_sent_is_named() {
        EngineUnavailableException e = EngineUnavailableException.outstanding("tcp://ci:2375", "inspect container node-a", 64);
        assertThat(e).hasMessage("the Docker engine at tcp://ci:2375 has 64 calls outstanding that never returned, so"
                + " 'inspect container node-a' was not sent; check that it responds ('docker info'), or restart it");
        assertThat(e.call()).contains("inspect container node-a");
    }

    @Test
    void calls_under_way_that_were_not_all_given_up_are_not_said_to_have_never_returned() {
        EngineUnavailableException e = EngineUnavailableException.outstanding("tcp://ci:2375", "inspect container node-a", 64, 3);
        assertThat(e).hasMessage("the Docker engine at tcp://ci:2375 has 64 calls under way, 3 of them given up by their"
                + " callers, and no room for 'inspect container node-a' within its bound, so it was not sent; check that"
                + " it responds ('docker info'), or give it longer with the engine's response timeout");
        assertThat(e.getMessage()).doesNotContain("never returned", "restart");
        assertThat(e.call()).contains("inspect container node-a");
        assertThat(EngineUnavailableException.outstanding("tcp://ci:2375", "list containers", 64, 64))
                .hasMessage(EngineUnavailableException.outstanding("tcp://ci:2375", "list containers", 64).getMessage());
    }
}
