/**
 * Fakes for testing Weft protocols without sockets or real time: fake time, in-memory reactors,
 * recording transports, an in-memory pump, and JUnit 5 and AssertJ glue.
 *
 * <p>The core package {@code dev.weft.reactor.testing} uses no test framework. The JUnit glue,
 * the AssertJ assertions and the conformance scenarios need JUnit Jupiter and AssertJ, which
 * every test class path that uses them has anyway; so they are static (compile-time) requires.
 */
module dev.weft.reactor.testing {
  requires transitive dev.weft.reactor;
  requires static org.jspecify;
  requires static org.junit.jupiter.api;
  requires static org.junit.platform.commons;
  requires static org.assertj.core;
  // Only TestCertificates uses BouncyCastle; tests that call it put it on their path.
  requires static org.bouncycastle.pkix;
  requires static org.bouncycastle.provider;

  exports dev.weft.reactor.testing;
  exports dev.weft.reactor.testing.assertj;
  exports dev.weft.reactor.testing.conformance;
  exports dev.weft.reactor.testing.junit;
  exports dev.weft.reactor.testing.net;
  exports dev.weft.reactor.testing.tls;

  // JUnit instantiates the extension reflectively.
  opens dev.weft.reactor.testing.junit to org.junit.platform.commons;
}
