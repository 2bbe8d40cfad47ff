package dev.weft.samples.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.testing.Datagram;
import dev.weft.reactor.testing.MemoryDatagramPort;
import dev.weft.reactor.testing.MemoryReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UdpEchoTest {

  @Test
  void eachDatagramGoesBackWholeToItsSender() throws Exception {
    MemoryReactor reactor = new MemoryReactor();
    UdpEcho echo = new UdpEcho();
    MemoryDatagramPort port = (MemoryDatagramPort) reactor.listenUDP(7, echo);
    InetSocketAddress alice = new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 4000);
    InetSocketAddress bob = new InetSocketAddress(InetAddress.getByName("192.0.2.11"), 5000);

    port.deliver("hello".getBytes(StandardCharsets.UTF_8), alice);
    port.deliver(new byte[0], bob);

    assertThat(port.sent()).extracting(Datagram::to, Datagram::utf8)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(alice, "hello"),
            org.assertj.core.groups.Tuple.tuple(bob, ""));
    assertThat(echo.echoed()).isEqualTo(2);
  }
}
