/**
 * JMH microbenchmarks: timers on Weft's {@code NioReactor} against Netty's event loop, and the
 * cost of the fakes (Clock, in-memory pump, a complete fake-connection test).
 */
@NullMarked
package dev.weft.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
