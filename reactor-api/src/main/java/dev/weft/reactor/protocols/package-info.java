/**
 * Reusable protocol building blocks: framing of byte streams into lines or length-prefixed
 * frames, matching in-order replies to pipelined requests ({@link
 * dev.weft.reactor.protocols.ReplyQueue}), and a client factory that reconnects with exponential
 * backoff.
 *
 * <p>Everything here runs on the reactor thread and works the same on the production reactor
 * and on the fakes of reactor-testing. Twisted: {@code twisted.protocols.basic} and
 * {@code twisted.internet.protocol.ReconnectingClientFactory}.
 */
@NullMarked
package dev.weft.reactor.protocols;

import org.jspecify.annotations.NullMarked;
