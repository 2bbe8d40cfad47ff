/**
 * Fetches many pages concurrently and reports each page's title, as in Twisted's classic walk-through.
 */
@NullMarked
package dev.weft.samples.titles;

import org.jspecify.annotations.NullMarked;
