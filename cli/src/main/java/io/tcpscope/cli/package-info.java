/**
 * The {@code tcpscope} command: {@code connections}, {@code count}, {@code mesh}, {@code watch},
 * {@code parse} and {@code demo}, on picocli. Outside the hexagon; its only public type is the
 * entry point, {@link io.tcpscope.cli.Main}.
 */
package io.tcpscope.cli;
