/**
 * Fakes for testing protocols deterministically: fake time, in-memory reactors, recording
 * transports and the in-memory pump.
 */
@NullMarked
package dev.weft.reactor.testing;

import org.jspecify.annotations.NullMarked;
