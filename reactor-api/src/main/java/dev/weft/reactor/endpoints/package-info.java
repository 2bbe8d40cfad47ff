/**
 * Endpoints: "how to connect" and "how to listen" behind one call that returns a
 * {@link dev.weft.reactor.Deferred}, so code that connects need not know whether it uses TCP, a
 * host name with several addresses, or an in-memory fake.
 *
 * <p>Twisted: {@code twisted.internet.endpoints}.
 */
@NullMarked
package dev.weft.reactor.endpoints;

import org.jspecify.annotations.NullMarked;
