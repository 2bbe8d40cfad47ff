/**
 * Not API: the rules Weft's own reactors share, so the fakes and {@code NioReactor} agree by
 * construction (timer order, system event triggers, argument checks).
 *
 * <p>Only Weft's modules may use this package. It has no compatibility promise: any type or
 * method here may change or disappear in any release, and it is left out of the published
 * javadoc. It is exported without qualification only because a test run can load Weft's test-only
 * modules from the class path, where a qualified export does not reach (see
 * {@code module-info.java}); that export is not an invitation.
 */
@NullMarked
package dev.weft.reactor.internal;

import org.jspecify.annotations.NullMarked;
