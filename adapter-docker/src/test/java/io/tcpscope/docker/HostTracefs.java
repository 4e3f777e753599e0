package io.tcpscope.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** This machine's tracefs, which the ITs look into: mounted as the adapters mount it, where it is not yet (a fresh machine). */
final class HostTracefs {

    static final Path ROOT = Path.of("/sys/kernel/tracing");
    static final Path INSTANCES = ROOT.resolve("instances");

    private HostTracefs() {
    }

    static void mountIfMissing() throws IOException, InterruptedException {
        if (!Files.isDirectory(INSTANCES) && TestUser.isRoot()) {
            Process mount = new ProcessBuilder("mount", "-t", "tracefs", "nodev", ROOT.toString())
                    .redirectErrorStream(true).start();
            mount.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
