/**
 * The procfs adapter's {@link io.tcpscope.core.spi.InspectorProvider}, found by
 * {@link java.util.ServiceLoader}; not for direct use.
 */
package io.tcpscope.procfs.internal;
