/**
 * Weft's reactor contracts, shaped after Twisted's {@code twisted.internet.interfaces}.
 *
 * <p>A {@link dev.weft.reactor.Reactor} owns every socket and timer and calls user code on one
 * thread. User code is a {@link dev.weft.reactor.Protocol} attached to a
 * {@link dev.weft.reactor.Transport}; factories build protocols for connections; asynchronous
 * results are {@link dev.weft.reactor.Deferred}s. Every parameter and return value in this
 * package is non-null unless it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.weft.reactor;

import org.jspecify.annotations.NullMarked;
