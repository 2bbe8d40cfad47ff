/**
 * The conformance suite: scenarios every Weft reactor must pass, written once against a small
 * {@link dev.weft.reactor.testing.conformance.ReactorDriver} so that the fakes (pumping and
 * advancing fake time) and the production reactor (real sockets, bounded real waits) are held to
 * the same behaviour.
 *
 * <p>To run it against a reactor, extend
 * {@link dev.weft.reactor.testing.conformance.ReactorConformanceTest} and return a driver from
 * {@code createDriver()}. The fakes' own driver,
 * {@link dev.weft.reactor.testing.conformance.MemoryReactorDriver}, is public: it turns a
 * {@code MemoryReactor} into an in-memory loopback network, useful beyond the scenarios to
 * run a client and a server of your own against each other without sockets.
 */
@NullMarked
package dev.weft.reactor.testing.conformance;

import org.jspecify.annotations.NullMarked;
