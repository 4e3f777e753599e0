/**
 * How a table is read by running commands in a container: which commands, in which order, and how
 * each one's output becomes connections ({@link io.tcpscope.core.exec.InspectionCommand}), and the
 * inspector that tries them through any {@link io.tcpscope.core.CommandExecutor}
 * ({@link io.tcpscope.core.exec.ExecInspector}).
 *
 * <pre>{@code
 * ConnectionInspector inspector = new ExecInspector(executor);
 * }</pre>
 */
package io.tcpscope.core.exec;
