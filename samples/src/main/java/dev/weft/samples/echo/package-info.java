/**
 * An echo server: the smallest protocol, written back byte for byte.
 */
@NullMarked
package dev.weft.samples.echo;

import org.jspecify.annotations.NullMarked;
