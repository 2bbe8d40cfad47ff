/**
 * The conformance suite: scenarios every Weft reactor must pass, written once against a small
 * {@link dev.weft.reactor.testing.conformance.ReactorDriver} so that the fakes (pumping and
 * advancing fake time) and the production reactor (real sockets, bounded real waits) are held to
 * the same behaviour.
 *
 * <p>To run it against a reactor, extend
 * {@link dev.weft.reactor.testing.conformance.ReactorConformanceTest} and return a driver from
 * {@code createDriver()}.
 */
@NullMarked
package dev.weft.reactor.testing.conformance;

import org.jspecify.annotations.NullMarked;
