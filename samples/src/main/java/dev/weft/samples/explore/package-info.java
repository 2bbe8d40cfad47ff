/**
 * A bug only exploration finds: a client that retries a transfer after its connection breaks,
 * a {@link dev.weft.samples.explore.LedgerServer} that applies a retried transfer twice unless it
 * deduplicates by request id, and the sweep that finds it (see the testing guide, chapter 19).
 */
@NullMarked
package dev.weft.samples.explore;

import org.jspecify.annotations.NullMarked;
