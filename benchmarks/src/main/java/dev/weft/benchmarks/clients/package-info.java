/**
 * Load clients of the harness: loopback only, every loop bounded in time, single-threaded so the
 * client takes one of the two cores and the server the other.
 */
@NullMarked
package dev.weft.benchmarks.clients;

import org.jspecify.annotations.NullMarked;
