/**
 * AssertJ assertions for Weft's fakes; start from
 * {@link dev.weft.reactor.testing.assertj.ReactorAssertions}.
 */
@NullMarked
package dev.weft.reactor.testing.assertj;

import org.jspecify.annotations.NullMarked;
