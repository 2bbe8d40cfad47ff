package dev.weft.reactor.testing.internal;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.net.Chunking;
import java.util.function.LongSupplier;

/**
 * How one simulated link behaves: the Clock it schedules on, the one-way delay of each packet per
 * direction (latency plus jitter, drawn by the network), bandwidth and receive window.
 *
 * @param clock the network's clock
 * @param chunking how arriving bytes become reads at both ends
 * @param toServerDelayNanos draws the one-way delay of the next packet from client to server
 * @param toClientDelayNanos draws the one-way delay of the next packet from server to client
 * @param bytesPerSecond bandwidth per direction; 0 for unlimited
 * @param window bytes a direction carries that the reader has not read (in flight plus unread)
 * @param label names the link in messages
 */
public record LinkSpec(
    Clock clock,
    Chunking chunking,
    LongSupplier toServerDelayNanos,
    LongSupplier toClientDelayNanos,
    long bytesPerSecond,
    long window,
    String label) {}
