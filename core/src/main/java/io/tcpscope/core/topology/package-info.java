/**
 * Who is connected to whom: several nodes' tables matched into edges
 * ({@link io.tcpscope.core.topology.Topology}), and their renderings as text, Mermaid, DOT and SVG
 * ({@link io.tcpscope.core.topology.TopologyRenderer}).
 *
 * <pre>{@code
 * Topology t = Topology.of(tables, PortSet.P2P_DEFAULT);
 * String svg = TopologyRenderer.svg(t);
 * }</pre>
 */
package io.tcpscope.core.topology;
