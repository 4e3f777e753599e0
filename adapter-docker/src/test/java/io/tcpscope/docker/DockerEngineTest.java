package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.tcpscope.core.EngineUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** What an engine says about itself, with no engine running. */
class DockerEngineTest {

    @Test
    void closing_never_throws_even_when_the_client_fails_to_close() throws IOException {
        // given: a client that cannot close, which no real client does on demand
        DockerClient client = mock(DockerClient.class);
        doThrow(new IOException("the socket is gone")).when(client).close();

        // then
        assertThatCode(() -> DockerEngine.owning(client, "unix:///x").close()).doesNotThrowAnyException();
        verify(client).close();
    }

    @Test
    void an_engine_of_a_given_client_is_not_named_after_docker_host() {
        // given: a client for a port where nothing listens; DOCKER_HOST, if set, names something else
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("tcp://127.0.0.1:1").build();
        DockerClient client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).build());

        // then
        assertThatThrownBy(() -> DockerEngine.of(client).ping())
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("cannot reach the Docker engine at the given DockerClient's address")
                .hasMessageNotContaining(DockerEngine.DEFAULT_HOST);
        assertThatThrownBy(() -> DockerEngine.of(client, "tcp://127.0.0.1:1").ping())
                .hasMessageStartingWith("cannot reach the Docker engine at tcp://127.0.0.1:1");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tcp://127.0.0.1:notaport", "tcp://", "tcp://:2375",
            "unix://", "http//nohost", "tcp://127.0.0.1:99999"})
    void a_malformed_host_is_refused_in_words_that_say_how_to_write_one(String host) {
        // then: refused before anything is contacted, naming the address and the two forms
        assertThatThrownBy(() -> DockerEngine.at(host))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + host + "' is not a Docker host; write unix:///path or tcp://host:port");
    }

    @Test
    void a_well_formed_host_is_taken_without_contacting_it() {
        // given: addresses where nothing listens
        // then
        assertThatCode(() -> DockerEngine.at("tcp://127.0.0.1:1").close()).doesNotThrowAnyException();
        assertThatCode(() -> DockerEngine.at("unix:///nonexistent/docker.sock").close()).doesNotThrowAnyException();
    }
}
