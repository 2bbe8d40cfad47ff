/**
 * The contracts of Weft: the reactor and its facets, protocols, transports, factories,
 * connectors, listening ports, delayed calls and {@link dev.weft.reactor.Deferred}.
 *
 * <p>Protocol code depends on this module only. Production code runs it on
 * {@code dev.weft.reactor.nio}; tests run it on the fakes in {@code dev.weft.reactor.testing}.
 */
module dev.weft.reactor {
  requires static org.jspecify;

  exports dev.weft.reactor;
  exports dev.weft.reactor.endpoints;
  exports dev.weft.reactor.protocols;
  exports dev.weft.reactor.recording;
  exports dev.weft.reactor.tls;
  exports dev.weft.reactor.udp;
  // The rules the real and the fake reactors share (timer queue, argument checks, triggers...)
  // live here once. They are not API (see the package's javadoc, which is left out of the
  // published docs), yet the export is unqualified on purpose: a modular application's test run
  // puts this module on the module path and test-only Weft modules (reactor-testing, reactor-nio
  // in an integration test) on the class path, where a qualified export cannot reach them and
  // every fake would fail with IllegalAccessError. JPMS cannot export to ALL-UNNAMED alone.
  exports dev.weft.reactor.internal;
}
