/**
 * JMH benchmarks of tcpscope against what users would pick instead, and Docker timings by hand;
 * {@code bench/run} runs them and prints the ratios. Not published.
 */
package io.tcpscope.benchmarks;
