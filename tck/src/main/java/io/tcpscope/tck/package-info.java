/**
 * The tcpscope TCK: the contract every {@link io.tcpscope.core.ConnectionInspector} meets, as a
 * JUnit 5 suite. An adapter extends {@link io.tcpscope.tck.InspectorTck} once and supplies a
 * {@link io.tcpscope.tck.TckFixture} that starts targets; {@link io.tcpscope.tck.DockerTckFixture}
 * is one for any adapter that reads Docker containers.
 *
 * <pre>{@code
 * class NsenterTckIT extends InspectorTck {
 *     protected TckFixture fixture() { return DockerTckFixture.shared(); }
 *     protected ConnectionInspector inspector() {
 *         return new NsenterProvider().create(DockerTckFixture.shared().context());
 *     }
 * }
 * }</pre>
 *
 * <p>The suite's oracle is the sockets its targets open, on addresses and ports it chose, never a
 * reading of {@code /proc} by tcpscope's own parsers.
 */
package io.tcpscope.tck;
