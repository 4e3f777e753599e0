/**
 * Who is connected to whom: several nodes' tables matched into edges
 * ({@link io.tcpscope.core.topology.Topology}), their renderings as text, Mermaid and DOT
 * ({@link io.tcpscope.core.topology.TopologyRenderer}), and their picture in SVG, links coloured by
 * {@link io.tcpscope.core.topology.LinkHealth} ({@link io.tcpscope.core.topology.TopologySvg}).
 *
 * <pre>{@code
 * Topology t = Topology.of(tables, PortSet.P2P_DEFAULT);
 * String svg = TopologySvg.document(t);
 * }</pre>
 */
package io.tcpscope.core.topology;
