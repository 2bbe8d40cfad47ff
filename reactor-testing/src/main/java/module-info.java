/**
 * Fakes for testing Weft protocols without sockets or real time: fake time, in-memory reactors,
 * recording transports, an in-memory pump, and JUnit 5 and AssertJ glue.
 */
module dev.weft.reactor.testing {
  requires transitive dev.weft.reactor;
  requires static org.jspecify;

  exports dev.weft.reactor.testing;
}
