/**
 * The inspector SPI: how a module outside tcpscope adds a way of reading TCP tables.
 *
 * <p>A module implements {@link io.tcpscope.core.spi.InspectorProvider} and lists the class in
 * {@code META-INF/services/io.tcpscope.core.spi.InspectorProvider}. The composition root (the
 * testkit, the CLI) finds it with {@link io.tcpscope.core.spi.InspectorProviders}, offers it as a
 * mode by its name, and lets AUTO consider it by its priority. The TCK module checks a provider's
 * inspector against sockets it opened itself.
 */
package io.tcpscope.core.spi;
