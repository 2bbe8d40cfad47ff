/**
 * The demo: a page server and a title fetcher running together on the NIO reactor.
 */
@NullMarked
package dev.weft.samples;

import org.jspecify.annotations.NullMarked;
