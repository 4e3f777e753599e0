/** Mode {@code nsenter}: an inspector adapter written outside tcpscope, found by ServiceLoader. */
package example.nsenter;
