/**
 * The selector loop, connections, ports and connectors behind {@link dev.weft.reactor.nio.NioReactor}.
 * Not exported: nothing here is API.
 */
@NullMarked
package dev.weft.reactor.nio.internal;

import org.jspecify.annotations.NullMarked;
