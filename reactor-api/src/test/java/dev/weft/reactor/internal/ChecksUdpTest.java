package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.udp.DatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChecksUdpTest {
  private final DatagramProtocol protocol =
      new DatagramProtocol() {
        @Override
        public void startProtocol(DatagramTransport transport) {}

        @Override
        public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {}
      };

  @Test
  void listenUdpReturnsTheBindAddressAndNamesBadArgumentsInParameterOrder() throws Exception {
    assertThat(Checks.listenUdp(0, protocol, "", 8192)).isNull();
    assertThat(Checks.listenUdp(53, protocol, "127.0.0.1", 512))
        .isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThatThrownBy(() -> Checks.listenUdp(-1, protocol, "x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: -1");
    assertThatThrownBy(() -> Checks.listenUdp(0, null, "", 1)).hasMessage("protocol");
    assertThatThrownBy(() -> Checks.listenUdp(0, protocol, "nowhere", 0))
        .hasMessageContaining("networkInterface must be an IP literal")
        .hasMessageEndingWith(": nowhere");
    assertThatThrownBy(() -> Checks.listenUdp(0, protocol, "", 0))
        .hasMessage("maxPacketSize must be in 1..65507: 0");
    assertThatThrownBy(() -> Checks.listenUdp(0, protocol, "", 65_508))
        .hasMessage("maxPacketSize must be in 1..65507: 65508");
  }

  @Test
  void datagramLengthRejectsOversizeNamingBothSizes() {
    Checks.datagramLength(512, 512);
    assertThatThrownBy(() -> Checks.datagramLength(513, 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("datagram must be at most maxPacketSize (512) bytes: 513");
  }

  @Test
  void datagramTargetMustBeResolvedWithAPortAndThePeerWhenConnected() throws Exception {
    InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 53);
    Checks.datagramTarget(peer, null, false);
    Checks.datagramTarget(peer, peer, false);
    assertThatThrownBy(() -> Checks.datagramTarget(InetSocketAddress.createUnresolved("dns", 53), null, false))
        .hasMessageStartingWith("to must be a resolved address");
    assertThatThrownBy(() -> Checks.datagramTarget(new InetSocketAddress(peer.getAddress(), 0), null, false))
        .hasMessage("to port must be in 1..65535: /127.0.0.1:0");
    assertThatThrownBy(() -> Checks.datagramTarget(new InetSocketAddress(peer.getAddress(), 54), peer, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("to must be the connected peer /127.0.0.1:53 of a connected transport: /127.0.0.1:54");
  }

  @Test
  void broadcastNeedsPermission() throws Exception {
    InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
    assertThatThrownBy(() -> Checks.datagramTarget(broadcast, null, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setBroadcastAllowed(true)");
    Checks.datagramTarget(broadcast, null, true);
  }

  @Test
  void writeWithoutAddressNeedsAPeer() {
    assertThatThrownBy(() -> Checks.connectedPeer(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call connect(peer) first");
  }

  @Test
  void multicastChecksGroupInterfaceAndTtl() throws Exception {
    assertThat(Checks.multicastGroup(InetAddress.getByName("239.1.2.3"), "")).isNull();
    assertThatThrownBy(() -> Checks.multicastGroup(InetAddress.getByName("10.0.0.1"), ""))
        .hasMessage("group must be a multicast address: 10.0.0.1");
    assertThatThrownBy(() -> Checks.multicastTtl(256)).hasMessage("ttl must be in 0..255: 256");
  }
}
