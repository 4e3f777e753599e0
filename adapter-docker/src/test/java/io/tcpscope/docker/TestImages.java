package io.tcpscope.docker;

import java.nio.file.Files;

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

    private TestImages() {
    }

    /** Builds the test images if missing and returns the busybox one's tag. */
    public static String builtOn(DockerEngine engine) {
        build(engine);
        return BUSYBOX;
    }

    public static synchronized void build(DockerEngine engine) {
        if (!Files.isRegularFile(BusyboxImage.HOST_BUSYBOX)) {
            throw new AssertionError("the Docker ITs build their images from a static /bin/busybox;"
                    + " install it with 'apt-get install busybox-static'");
        }
        BusyboxImage.builder(BUSYBOX).label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine);
        BusyboxImage.builder(SLIM).busyboxAt(SLIM_BUSYBOX, false).entrypoint(SLIM_BUSYBOX)
                .label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine);
        BusyboxImage.builder(NETSTAT_ONLY).busyboxAt("/bin/busybox", false)
                .file("/bin/netstat", "#!/bin/busybox sh\nexec /bin/busybox netstat \"$@\"\n")
                .label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine);
    }
}
