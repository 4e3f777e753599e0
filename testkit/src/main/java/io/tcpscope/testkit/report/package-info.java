/**
 * Failure reports: one self-contained HTML file per failed test or wait, which shows what the
 * cluster looked like when it failed — the awaited condition and what was missing, the topology
 * with its links coloured by state and health, the timeline of every link with the kernel's failed
 * dials and resets marked on it, what those events diagnose, and each node's table.
 * The file fetches nothing: its CSS, its pictures (inline SVG) and its one small script are inside it.
 *
 * <pre>{@code
 * try {
 *     cluster.await().withTimeout(Duration.ofSeconds(10)).forFullMesh();
 * } catch (WaitFailedError e) {
 *     Path html = FailureReport.builder("mesh after partition").failure(e).recorder(recorder)
 *             .environment(cluster.toString()).build().writeTo(FailureReport.folder());
 *     throw e;
 * }
 * }</pre>
 *
 * <p>The JUnit extension and the Testcontainers waits write these reports by themselves.
 */
package io.tcpscope.testkit.report;
