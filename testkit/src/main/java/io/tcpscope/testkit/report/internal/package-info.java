/**
 * How a {@link io.tcpscope.testkit.report.FailureReport} is drawn: the captured data, the HTML
 * sections and the SVG pictures. Internal: other modules may not use it.
 */
package io.tcpscope.testkit.report.internal;
