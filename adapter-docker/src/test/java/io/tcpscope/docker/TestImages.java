package io.tcpscope.docker;

/**
 * The Docker ITs' images, built as tcpscope's helper images are (from the engine's helper base, or
 * offline from the host's static busybox), then tagged under the fixed names the tests use.
 */
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
        tag(engine, HelperImage.builder(BUSYBOX).label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine), BUSYBOX);
        tag(engine, HelperImage.builder(SLIM).onlyBusyboxAt(SLIM_BUSYBOX).entrypoint(SLIM_BUSYBOX)
                .label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine), SLIM);
        tag(engine, HelperImage.builder(NETSTAT_ONLY).onlyBusyboxAt("/bin/busybox")
                .file("/bin/netstat", "#!/bin/busybox sh\nexec /bin/busybox netstat \"$@\"\n")
                .label(SidecarImage.IMAGE_LABEL, "test").build().ensure(engine), NETSTAT_ONLY);
    }

    private static void tag(DockerEngine engine, String built, String as) {
        int colon = as.lastIndexOf(':');
        engine.client().tagImageCmd(built, as.substring(0, colon), as.substring(colon + 1)).withForce().exec();
    }
}
