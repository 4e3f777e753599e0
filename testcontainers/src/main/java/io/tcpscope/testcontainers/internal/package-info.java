/**
 * How tcpscope reaches the engine Testcontainers uses: its client, its image name substitution and
 * its session labels; found by {@link java.util.ServiceLoader}, not for direct use.
 */
package io.tcpscope.testcontainers.internal;
