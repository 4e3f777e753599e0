/**
 * The testkit's workings, free to change in any release: the wiring of the adapters per mode, the
 * reading that a {@link io.tcpscope.testkit.Cluster} does, its one poller, and a cluster's plan,
 * nodes, launch and adoption. Other modules do not use it; an architecture rule checks that.
 */
package io.tcpscope.testkit.internal;
