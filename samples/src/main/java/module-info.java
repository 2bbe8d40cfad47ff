/** Sample protocols built on Weft: tested on the fakes, run on the NIO reactor. */
module dev.weft.samples {
  requires dev.weft.reactor;
  requires dev.weft.reactor.nio;
  requires static org.jspecify;

  exports dev.weft.samples;
  exports dev.weft.samples.chat;
  exports dev.weft.samples.echo;
  exports dev.weft.samples.explore;
  exports dev.weft.samples.http;
  exports dev.weft.samples.proxy;
  exports dev.weft.samples.reconnect;
  exports dev.weft.samples.titles;
  exports dev.weft.samples.udp;
}
