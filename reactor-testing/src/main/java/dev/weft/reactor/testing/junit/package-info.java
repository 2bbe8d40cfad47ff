/**
 * JUnit Jupiter glue: {@link dev.weft.reactor.testing.junit.WithFakeReactor} (any test, a class or
 * a method) and {@link dev.weft.reactor.testing.junit.ReactorTest} (a plain test) give each test
 * a fresh fake reactor, injected into parameters and into fields marked
 * {@link dev.weft.reactor.testing.junit.InjectReactor}, and fail a test that leaves the reactor
 * dirty. A test can also ask for a simulated network ({@code Network}, seeded by
 * {@link dev.weft.reactor.testing.junit.SimulatedNetwork}) and its hosts
 * ({@link dev.weft.reactor.testing.junit.HostNamed}); every host is checked, and a failure carries
 * the line that replays the run. {@link dev.weft.reactor.testing.junit.Sweep} runs a test under
 * many seeds, chunkings and fault plans and shrinks its first failure to a replay to paste. Works
 * with JUnit Jupiter 5.10 and later, 6.x included; the test's build brings JUnit.
 */
@NullMarked
package dev.weft.reactor.testing.junit;

import org.jspecify.annotations.NullMarked;
