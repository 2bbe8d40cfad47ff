/**
 * A small HTTP/1.1 client (getPage) and the tiny page server the demo fetches from.
 */
@NullMarked
package dev.weft.samples.http;

import org.jspecify.annotations.NullMarked;
