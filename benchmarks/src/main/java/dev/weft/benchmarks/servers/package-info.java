/**
 * The servers under test, each on one event loop: Weft's {@code NioReactor}, Netty (NIO and
 * epoll) and a bare selector loop, serving the same echo and HTTP workloads.
 */
@NullMarked
package dev.weft.benchmarks.servers;

import org.jspecify.annotations.NullMarked;
