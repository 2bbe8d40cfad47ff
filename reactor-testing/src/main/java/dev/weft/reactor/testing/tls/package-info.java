/**
 * TLS for tests: {@link dev.weft.reactor.testing.tls.TestCertificates} makes a certificate
 * authority, server and client certificates and the matching {@code SSLContext}s in one call.
 *
 * <p>It needs BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}) on the test class path,
 * because the JDK has no public API to build certificates; nothing else in reactor-testing does.
 * Every parameter and return value in this package is non-null unless it is annotated
 * {@code @Nullable}.
 */
@NullMarked
package dev.weft.reactor.testing.tls;

import org.jspecify.annotations.NullMarked;
