/**
 * Internals shared by the real and the fake reactors; exported only to them.
 */
@NullMarked
package dev.weft.reactor.internal;

import org.jspecify.annotations.NullMarked;
