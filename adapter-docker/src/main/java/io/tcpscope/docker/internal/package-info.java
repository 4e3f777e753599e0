/**
 * The Docker adapter's {@link io.tcpscope.core.spi.InspectorProvider}s, found by
 * {@link java.util.ServiceLoader}; not for direct use.
 */
package io.tcpscope.docker.internal;
