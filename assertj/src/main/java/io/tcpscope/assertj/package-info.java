/**
 * AssertJ assertions on who is connected to whom ({@link io.tcpscope.assertj.TopologyAssert}) and on
 * a table of connections ({@link io.tcpscope.assertj.ConnectionsAssert}), with soft assertions
 * ({@link io.tcpscope.assertj.TcpscopeSoftAssertions}). A module of its own, so that AssertJ
 * reaches only the tests that ask for it.
 *
 * <pre>{@code
 * assertThat(cluster.topology()).isPartitionedInto(Set.of("node-1", "node-2"), Set.of("node-3"));
 * }</pre>
 */
package io.tcpscope.assertj;
