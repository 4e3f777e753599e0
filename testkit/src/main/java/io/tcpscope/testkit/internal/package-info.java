/**
 * The testkit's workings, free to change in any release: the wiring of the adapters per mode, the
 * reading and waiting that {@link io.tcpscope.testkit.TcpScope} and
 * {@link io.tcpscope.testkit.Cluster} share, and a cluster's plan, nodes and launch. Other modules
 * do not use it; an architecture rule checks that.
 */
package io.tcpscope.testkit.internal;
