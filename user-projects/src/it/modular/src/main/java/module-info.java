/** A user's module: production code needs only Weft's API. */
module com.example.heartbeat {
  requires dev.weft.reactor;

  exports com.example.heartbeat;
}
