/**
 * Implementation details of the fakes: byte buffers, delivery plans, trigger bookkeeping. Not
 * exported; nothing outside reactor-testing may depend on it.
 */
@NullMarked
package dev.weft.reactor.testing.internal;

import org.jspecify.annotations.NullMarked;
