/**
 * The service-provider interface of the Docker adapter: {@link io.tcpscope.docker.spi.DockerEngineProvider},
 * where {@link io.tcpscope.docker.DockerEngine#fromEnvironment()} gets its engine from.
 */
package io.tcpscope.docker.spi;
