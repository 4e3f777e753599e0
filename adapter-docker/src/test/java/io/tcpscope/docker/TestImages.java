package io.tcpscope.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Images built from the host's static busybox, FROM scratch: no registry is needed. */
public final class TestImages {

    /** busybox with every applet linked in /bin: sh, cat, nc, netstat, sleep. */
    public static final String BUSYBOX = "tcpscope-test/busybox:1";
    /** Only the static binary, at a path no tool search finds: no shell, cat, ss, netstat or busybox. */
    public static final String SLIM = "tcpscope-test/slim:1";
    /** busybox with a netstat link only: no cat, no sh; netstat has no -W. */
    public static final String NETSTAT_ONLY = "tcpscope-test/netstat-only:1";
    /** The slim image's entry point: busybox under a name that still starts with "busybox". */
    public static final String SLIM_BUSYBOX = "/opt/busybox-node";

    private static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {
    }

    public static synchronized void build(DockerEngine engine) {
        if (!Files.isRegularFile(HOST_BUSYBOX)) {
            throw new AssertionError("the Docker ITs build their images from a static /bin/busybox;"
                    + " install it with 'apt-get install busybox-static'");
        }
        SidecarImage.fromBusybox(BUSYBOX, HOST_BUSYBOX).ensure(engine, "test-images");
        buildIfMissing(engine, SLIM, "FROM scratch\nCOPY busybox " + SLIM_BUSYBOX + "\nENTRYPOINT [\"" + SLIM_BUSYBOX + "\"]\n");
        buildIfMissing(engine, NETSTAT_ONLY, "FROM scratch\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"ln\", \"-s\", \"busybox\", \"/bin/netstat\"]\n");
    }

    private static void buildIfMissing(DockerEngine engine, String name, String dockerfile) {
        try {
            engine.client().inspectImageCmd(name).exec();
            return;
        } catch (NotFoundException e) {
            // build it below
        }
        try {
            Path context = Files.createTempDirectory("tcpscope-test-image");
            Files.copy(HOST_BUSYBOX, context.resolve("busybox"));
            Path file = Files.writeString(context.resolve("Dockerfile"), dockerfile);
            engine.client().buildImageCmd(file.toFile()).withBaseDirectory(context.toFile())
                    .withTags(Set.of(name)).withLabels(Map.of(SidecarImage.IMAGE_LABEL, "test"))
                    .exec(new BuildImageResultCallback()).awaitImageId(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
