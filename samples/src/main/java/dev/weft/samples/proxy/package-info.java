/**
 * A port-forwarding proxy that terminates TLS: clients speak TLS to it, it speaks plain TCP to
 * one backend, and back-pressure crosses the TLS layer both ways so its memory stays bounded
 * however slow either side is.
 */
@NullMarked
package dev.weft.samples.proxy;

import org.jspecify.annotations.NullMarked;
