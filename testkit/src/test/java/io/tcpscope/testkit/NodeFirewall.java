package io.tcpscope.testkit;

import io.tcpscope.docker.TestEngine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Firewall rules a test sets inside one node: {@code iptables} run through {@code nsenter} in the
 * node's own network namespace, never the host's, so a rule ends with the container. Shared with the
 * modules around the testkit through its test-jar.
 *
 * <pre>{@code
 * NodeFirewall.iptables(cluster, "node-2", "-I", "INPUT", "-p", "tcp", "--dport", "9001", "--syn", "-j", "DROP");
 * }</pre>
 *
 * <p>Needs root, and {@code nsenter} and {@code iptables} on this machine. Thread-safe.
 */
public final class NodeFirewall {

    private NodeFirewall() {
    }

    /**
     * Runs {@code iptables -w <rule>} in the node's network namespace, and fails the test unless it
     * exits with 0 within 30 s.
     *
     * @param cluster the node's cluster
     * @param node the node, by the name the cluster gave it
     * @param rule iptables' arguments, such as {@code -I INPUT -p tcp --dport 9000 -j DROP}
     * @return what iptables wrote, such as the rules and their counters that {@code -L INPUT -v -x -n} lists
     * @throws IOException if iptables cannot be started
     * @throws InterruptedException if interrupted while it runs
     */
    public static String iptables(Cluster cluster, String node, String... rule) throws IOException, InterruptedException {
        long pid = TestEngine.require().hostPids().hostPid(cluster.node(node).containerId());
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "iptables", "-w"));
        argv.addAll(List.of(rule));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        boolean returned = p.waitFor(30, TimeUnit.SECONDS);
        if (!returned) {
            p.destroyForcibly();
        }
        assertThat(returned).as("iptables returned within 30 s: %s", argv).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", argv, out).isZero();
        return out;
    }
}
