/**
 * AssertJ assertions on core's types, reached through one entry point,
 * {@link io.tcpscope.assertj.TcpscopeAssertions#assertThat(io.tcpscope.core.topology.Topology)} and its
 * overloads: who is connected to whom ({@link io.tcpscope.assertj.TopologyAssert}), one node's table
 * ({@link io.tcpscope.assertj.NodeTableAssert}), a list of connections
 * ({@link io.tcpscope.assertj.ConnectionsAssert}, an AssertJ list assertion too) and how the links
 * changed over time ({@link io.tcpscope.assertj.TimelineAssert}), what the kernel's TCP events say
 * happened: each dial and how it ended, each reset ({@link io.tcpscope.assertj.EventLogAssert},
 * {@link io.tcpscope.assertj.DialsAssert}), with soft assertions
 * ({@link io.tcpscope.assertj.TcpscopeSoftAssertions}). A module of its own, that depends on
 * tcpscope-core and AssertJ only, so that AssertJ reaches only the tests that ask for it.
 *
 * <pre>{@code
 * assertThat(cluster.topology()).isPartitionedInto(Set.of("node-1", "node-2"), Set.of("node-3"));
 * assertThat(recorder.timeline()).hasDropped("node-1", "node-3").hasHealedWithin(Duration.ofSeconds(30));
 * assertThat(recorder.events()).hasNoResets().dialsFrom("node-1").to("node-3").allSucceeded();
 * }</pre>
 */
package io.tcpscope.assertj;
