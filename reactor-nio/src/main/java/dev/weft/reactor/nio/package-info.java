/**
 * The production reactor on {@code java.nio}.
 */
@NullMarked
package dev.weft.reactor.nio;

import org.jspecify.annotations.NullMarked;
