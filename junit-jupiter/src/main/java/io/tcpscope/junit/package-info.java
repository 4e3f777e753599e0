/**
 * JUnit Jupiter support: {@link io.tcpscope.junit.ClusterExtension} runs a
 * {@link io.tcpscope.testkit.Cluster} per test class or per test, injects it, records a timeline
 * of its links during each test, and writes its topology and an HTML failure report
 * ({@link io.tcpscope.testkit.report.FailureReport}) when a test fails.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClusterExtension mesh = new ClusterExtension(Cluster.builder().nodes(3).fullMesh());
 * }</pre>
 */
package io.tcpscope.junit;
