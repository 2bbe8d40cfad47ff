/**
 * The simulated network: hosts on one {@link dev.weft.reactor.testing.Clock}, links that carry
 * bytes with latency, bandwidth and a receive window, partitions and crashes, and the
 * {@link dev.weft.reactor.testing.net.Chunking} policies that decide how arriving bytes become
 * reads.
 */
@NullMarked
package dev.weft.reactor.testing.net;

import org.jspecify.annotations.NullMarked;
