/**
 * TLS for Weft: one {@link javax.net.ssl.SSLEngine}-based layer that runs over any
 * {@link dev.weft.reactor.Transport} and wraps any {@link dev.weft.reactor.Protocol}, so the
 * production reactor and the fakes run the same TLS code.
 *
 * <ul>
 *   <li>{@link dev.weft.reactor.tls.ReactorTLS}: the reactor facet, {@code listenTLS} and
 *       {@code connectTLS};
 *   <li>{@link dev.weft.reactor.tls.TlsConfig}: what to negotiate and how to check the peer;
 *   <li>{@link dev.weft.reactor.tls.TlsTransport}: the transport a protocol sees under TLS, with
 *       the negotiated {@link dev.weft.reactor.tls.TlsSession} and STARTTLS;
 *   <li>{@link dev.weft.reactor.tls.TlsLayer}: the layer itself, for reactors and for running
 *       TLS over a transport of your own;
 *   <li>the typed reasons a TLS connection ends with: {@link dev.weft.reactor.tls.TlsException}
 *       and its subclasses.
 * </ul>
 *
 * <p>Every parameter and return value in this package is non-null unless it is annotated
 * {@code @Nullable}. Twisted: {@code twisted.internet.ssl} and
 * {@code twisted.protocols.tls}.
 */
@NullMarked
package dev.weft.reactor.tls;

import org.jspecify.annotations.NullMarked;
