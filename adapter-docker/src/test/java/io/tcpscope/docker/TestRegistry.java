package io.tcpscope.docker;

/**
 * The local registry that {@code .ci/registry} runs for the ITs of pulling the helper base: it holds
 * the busybox base under {@code library/busybox} and {@code busybox}, as a multi-arch index whose
 * amd64 image holds {@code /arch} with {@code amd64} and whose arm64 one {@code arm64}, and an
 * arm64-only index, {@code tcpscope-test/arm64-only:1}. Its address is in
 * {@code TCPSCOPE_TEST_REGISTRY}; with {@code CI=true} a missing address fails the run, elsewhere
 * the tests that need it are skipped with a hint.
 */
public final class TestRegistry {

    /** The variable that names the registry, such as {@code 127.0.0.1:5000}. */
    public static final String VARIABLE = "TCPSCOPE_TEST_REGISTRY";
    /** The arm64-only index. */
    public static final String ARM64_ONLY = "tcpscope-test/arm64-only:1";

    private TestRegistry() {
    }

    /**
     * The registry's address.
     *
     * @return for example {@code 127.0.0.1:5000}
     */
    public static String address() {
        String address = System.getenv(VARIABLE);
        if (address == null || address.isBlank()) {
            String why = VARIABLE + " names no registry; run 'bash .ci/registry' and set " + VARIABLE + " to what it prints";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true, so the registry ITs must run, but " + why);
            }
            throw new org.opentest4j.TestAbortedException("registry ITs skipped: " + why);
        }
        return address.strip();
    }

    /**
     * The default base's copy in the registry, as a Docker Hub mirror names it.
     *
     * @return for example {@code 127.0.0.1:5000/library/busybox:1.37.0-musl}
     */
    public static String mirroredBase() {
        return address() + "/library/" + HelperBase.DEFAULT_IMAGE;
    }

    /**
     * The default base's copy in the registry, as Testcontainers' {@code hub.image.name.prefix} names it.
     *
     * @return for example {@code 127.0.0.1:5000/busybox:1.37.0-musl}
     */
    public static String prefixedBase() {
        return address() + "/" + HelperBase.DEFAULT_IMAGE;
    }
}
