/**
 * The production Weft reactor: one selector thread on {@code java.nio}.
 */
module dev.weft.reactor.nio {
  requires transitive dev.weft.reactor;
  requires static org.jspecify;

  exports dev.weft.reactor.nio;
}
