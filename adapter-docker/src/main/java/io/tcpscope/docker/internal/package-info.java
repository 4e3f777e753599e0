/**
 * The Docker adapter's {@link io.tcpscope.core.spi.InspectorProvider}s and its
 * {@link io.tcpscope.docker.spi.DockerEngineProvider}, found by {@link java.util.ServiceLoader},
 * and the choice of the default engine; not for direct use.
 */
package io.tcpscope.docker.internal;
