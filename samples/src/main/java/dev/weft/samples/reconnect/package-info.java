/**
 * A line client that reconnects with exponential backoff when its server goes away.
 */
@NullMarked
package dev.weft.samples.reconnect;

import org.jspecify.annotations.NullMarked;
