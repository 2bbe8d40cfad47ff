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
  exports dev.weft.reactor.tls;
  // The timer queue and argument checks are shared by the real and the fake reactor so that
  // both order delayed calls identically by construction; nobody else may depend on them.
  exports dev.weft.reactor.internal to dev.weft.reactor.nio, dev.weft.reactor.testing;
}
