package io.tcpscope.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.tcpscope.core.NamespaceOwner;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Which answers about a container's namespace are kept: only those asked by its id. The engine is
 * docker-java's client (the port), answering with inspects as the engine writes them, for what a
 * real engine cannot be made to do on demand: give a container an id that a short name starts with.
 */
class NetworkNamespacesTest {

    private static final String CAFE_ID = "cafe0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";
    private static final String BEEF_ID = "beef0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";

    private final DockerClient client = mock(DockerClient.class);
    private final DockerEngine engine = DockerEngine.of(client, "unix:///test.sock");
    private final NetworkNamespaces namespaces = new NetworkNamespaces(engine);

    @Test
    void a_short_name_that_an_id_starts_with_is_asked_again_when_another_container_takes_it() throws Exception {
        // given: 'cafe' first finds, by its id's prefix, a container in the host's namespace; then a
        // container named 'cafe', with a namespace of its own, is made, and the engine finds that one
        answer("cafe", inspect(CAFE_ID, "/node-a", "host"), inspect(BEEF_ID, "/cafe", "bridge"));

        // when
        Optional<NamespaceOwner> first = namespaces.owner("cafe");
        Optional<NamespaceOwner> second = namespaces.owner("cafe");

        // then
        assertThat(first).contains(NamespaceOwner.host());
        assertThat(second).isEmpty();
    }

    @Test
    void a_name_of_twelve_hex_digits_that_its_own_id_starts_with_is_asked_again() throws Exception {
        // given: a container named after its own short id, as a rename can make it
        String shortId = CAFE_ID.substring(0, 12);
        answer(shortId, inspect(CAFE_ID, "/" + shortId, "host"), inspect(BEEF_ID, "/" + shortId, "bridge"));

        // when
        namespaces.owner(shortId);
        Optional<NamespaceOwner> again = namespaces.owner(shortId);

        // then: renamed, and the name taken by another container, which the second answer is
        assertThat(again).isEmpty();
        verify(client, times(2)).inspectContainerCmd(shortId);
    }

    @Test
    void a_short_id_of_twelve_digits_is_kept() throws Exception {
        // given
        String shortId = CAFE_ID.substring(0, 12);
        answer(shortId, inspect(CAFE_ID, "/node-a", "host"), inspect(BEEF_ID, "/other", "bridge"));

        // when
        namespaces.owner(shortId);
        Optional<NamespaceOwner> again = namespaces.owner(shortId);

        // then: an id never names another container, so the engine is asked once
        assertThat(again).contains(NamespaceOwner.host());
        verify(client, times(1)).inspectContainerCmd(shortId);
    }

    private void answer(String reference, InspectContainerResponse first, InspectContainerResponse then) {
        InspectContainerCmd cmd = mock(InspectContainerCmd.class);
        when(client.inspectContainerCmd(reference)).thenReturn(cmd);
        when(cmd.exec()).thenReturn(first, then);
    }

    /** An inspect as the engine writes it, with only the fields the namespace is told by. */
    private static InspectContainerResponse inspect(String id, String name, String networkMode) throws Exception {
        String sandbox = networkMode.equals("host") ? "/var/run/docker/netns/default" : "/var/run/docker/netns/" + id.substring(0, 12);
        String json = """
                {"Id": "%s", "Name": "%s", "State": {"Status": "running", "Running": true, "Pid": 4242},
                 "HostConfig": {"NetworkMode": "%s"}, "NetworkSettings": {"SandboxKey": "%s"}}
                """.formatted(id, name, networkMode, sandbox);
        return new ObjectMapper().readValue(json, InspectContainerResponse.class);
    }
}
