/**
 * A line-based chat server: every line a member sends goes to the others.
 */
@NullMarked
package dev.weft.samples.chat;

import org.jspecify.annotations.NullMarked;
