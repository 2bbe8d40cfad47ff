/**
 * The machinery behind {@code NioReactor}: the selector loop ({@link
 * dev.weft.reactor.nio.internal.EventLoop}), the reactor's life ({@link
 * dev.weft.reactor.nio.internal.Lifecycle}), and the facets it serves: TCP ({@link
 * dev.weft.reactor.nio.internal.Tcp} with its ports, connectors and connections) and the blocking
 * pools ({@link dev.weft.reactor.nio.internal.BlockingPools}). Not exported: nothing here is API.
 *
 * <p><b>Dependencies point one way.</b> The public package {@code dev.weft.reactor.nio} builds on
 * this one; this package depends only on {@code dev.weft.reactor} and its internal package, never
 * on {@code dev.weft.reactor.nio} (its settings carry a {@link
 * dev.weft.reactor.nio.internal.BlockingResolver}, to which the builder adapts the public {@code
 * HostResolver}). {@code NioPackageDependencyTest} checks it on the compiled classes.
 *
 * <p><b>Adding a facet</b> (UNIX sockets, UDP, TLS): write a {@link
 * dev.weft.reactor.nio.internal.Facet} that registers its channels with the loop, register it
 * once with {@code Lifecycle.add} where {@code NioReactor} is built, and delegate the facet's
 * {@code Reactor} methods to it; starting, stopping, crashing and fatal errors then cover it.
 */
@NullMarked
package dev.weft.reactor.nio.internal;

import org.jspecify.annotations.NullMarked;
