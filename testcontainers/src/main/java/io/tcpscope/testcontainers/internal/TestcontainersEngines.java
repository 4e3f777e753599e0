package io.tcpscope.testcontainers.internal;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.HelperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.util.HashMap;
import java.util.Map;

/**
 * tcpscope's engine as Testcontainers reaches it: Testcontainers' own client (whatever engine it
 * found: Docker Desktop, Colima, a remote one), the helper base passed through the user's
 * {@link ImageNameSubstitutor} (so {@code hub.image.name.prefix} and a substitutor of the user's
 * apply), and Testcontainers' session labels on every helper and node tcpscope creates there, so
 * that its reaper, Ryuk, removes them with the session's containers.
 *
 * <p>Thread-safe: stateless.
 */
public final class TestcontainersEngines {

    /** The label Ryuk knows a session's resources by. */
    public static final String SESSION_LABEL = "org.testcontainers.sessionId";

    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersEngines.class);

    private TestcontainersEngines() {
    }

    /**
     * The engine behind a client of Testcontainers', named as Testcontainers reaches it.
     *
     * @param client the client, which Testcontainers keeps
     * @return the engine
     */
    public static DockerEngine engine(DockerClient client) {
        return DockerEngine.builder()
                .client(client, endpoint())
                .helperBase(helperBase())
                .labels(sessionLabels())
                .build();
    }

    /**
     * The helper base the environment names, as the user's image name substitutor rewrites it.
     *
     * @return the base
     */
    public static HelperBase helperBase() {
        HelperBase named = HelperBase.fromEnvironment();
        try {
            String substituted = ImageNameSubstitutor.instance().apply(DockerImageName.parse(named.image()))
                    .asCanonicalNameString();
            return substituted.equals(named.image()) ? named : HelperBase.of(substituted);
        } catch (RuntimeException e) {
            LOG.warn("Testcontainers' image name substitutor failed on {} ({}); pulling it as it is", named.image(),
                    e.toString());
            return named;
        }
    }

    /**
     * The labels Testcontainers puts on what a session creates, and Ryuk removes by.
     *
     * @return the labels
     */
    public static Map<String, String> sessionLabels() {
        Map<String, String> labels = new HashMap<>(DockerClientFactory.DEFAULT_LABELS);
        labels.put(SESSION_LABEL, DockerClientFactory.SESSION_ID);
        return labels;
    }

    private static String endpoint() {
        try {
            return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
        } catch (RuntimeException e) {
            return "the engine Testcontainers uses";
        }
    }
}
