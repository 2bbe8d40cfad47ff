/**
 * Endpoints: "how to connect" and "how to listen" behind one call that returns a
 * {@link dev.weft.reactor.Deferred}, so code that connects need not know whether it uses TCP, a
 * host name with several addresses, or an in-memory fake.
 *
 * <p>On top of an endpoint, {@link dev.weft.reactor.endpoints.ClientService} keeps one connection
 * up across failures and losses, with a {@link dev.weft.reactor.endpoints.RetryPolicy} on reactor
 * time; it lives here because it is a client of the endpoint contract and shares the endpoints'
 * wrapping protocol, which forwards every protocol callback (half-close included) unchanged.
 *
 * <p>Twisted: {@code twisted.internet.endpoints} and
 * {@code twisted.application.internet.ClientService}.
 */
@NullMarked
package dev.weft.reactor.endpoints;

import org.jspecify.annotations.NullMarked;
