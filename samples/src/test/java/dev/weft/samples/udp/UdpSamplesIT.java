package dev.weft.samples.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.udp.DatagramTransport;
import dev.weft.samples.NioHarness;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The UDP samples on real loopback sockets. */
class UdpSamplesIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void theEchoServerAnswersAPlainJdkSocket() throws Exception {
    try (NioHarness nio = new NioHarness("udp-echo");
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
      DatagramTransport port = nio.run(() -> nio.reactor().listenUDP(0, new UdpEcho(), "127.0.0.1", 1400));
      peer.setSoTimeout((int) NioHarness.WAIT.toMillis());
      byte[] payload = new byte[1400];
      payload[1399] = 7;

      peer.send(new DatagramPacket(payload, payload.length, port.host()));
      DatagramPacket echo = new DatagramPacket(new byte[2000], 2000);
      peer.receive(echo);

      assertThat(echo.getLength()).isEqualTo(1400);
      assertThat(echo.getData()[1399]).isEqualTo((byte) 7);
    }
  }

  @Test
  void theLookupClientResolvesAgainstTheServerAndHearsARefusal() throws Exception {
    try (NioHarness nio = new NioHarness("udp-lookup")) {
      InetAddress answer = InetAddress.getByName("192.0.2.1");
      DatagramTransport serverPort = nio.run(() -> nio.reactor().listenUDP(
          0, new ARecordServer(Map.of("weft.test", answer)), "127.0.0.1", 512));
      ARecordClient client = new ARecordClient(nio.reactor(),
          new InetSocketAddress(LOOPBACK, serverPort.host().getPort()), Duration.ofMillis(200), 5);
      nio.run(() -> nio.reactor().listenUDP(0, client, "127.0.0.1", 512));

      assertThat(nio.call(() -> client.lookup("weft.test"))).isEqualTo(answer);

      nio.call(serverPort::stopListening);
      assertThatThrownBy(() -> nio.call(() -> client.lookup("weft.test")))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ConnectionRefusedException.class);
    }
  }
}
