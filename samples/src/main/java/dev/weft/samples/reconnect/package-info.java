/**
 * A request/reply line client that stays connected with backoff, built on {@code ClientService}.
 */
@NullMarked
package dev.weft.samples.reconnect;

import org.jspecify.annotations.NullMarked;
