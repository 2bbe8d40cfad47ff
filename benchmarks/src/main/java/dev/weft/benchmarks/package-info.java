/**
 * Load harness comparing Weft's {@code NioReactor} with Netty (NIO and epoll) and a bare selector
 * loop on loopback; see {@link dev.weft.benchmarks.LoadHarness}.
 */
@NullMarked
package dev.weft.benchmarks;

import org.jspecify.annotations.NullMarked;
