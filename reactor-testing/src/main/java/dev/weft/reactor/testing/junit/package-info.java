/**
 * JUnit 5 glue: {@link dev.weft.reactor.testing.junit.ReactorTest} injects fresh fakes into each
 * test and fails a test that leaves the reactor dirty. Works with JUnit Jupiter 5.10 and later,
 * including 6.x.
 */
@NullMarked
package dev.weft.reactor.testing.junit;

import org.jspecify.annotations.NullMarked;
