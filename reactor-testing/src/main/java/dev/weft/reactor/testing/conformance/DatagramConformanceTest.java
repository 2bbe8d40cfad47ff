package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.udp.DatagramTransport;
import dev.weft.reactor.udp.ReactorUDP;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The UDP scenarios every Weft reactor that implements {@link ReactorUDP} must pass, on loopback:
 * whole datagrams both ways, the size limit in both directions, connected mode (a refusal
 * reported, other senders discarded), a throwing {@code datagramReceived} that does not stop the
 * port, and stopping. Extend it and implement {@link #createDriver()}; the driver's reactor must
 * implement {@link ReactorUDP}.
 *
 * <p>Twisted: {@code twisted.internet.test.test_udp}; Netty: {@code DatagramUnicastTest}.
 */
public abstract class DatagramConformanceTest extends ReactorConformanceTest {
  /** Creates the scenarios; subclasses supply the driver. */
  protected DatagramConformanceTest() {}

  /**
   * Creates the driver for one scenario, with a fresh reactor that implements
   * {@link ReactorUDP}.
   *
   * @return a new driver; the scenario closes it
   */
  @Override
  protected abstract ReactorDriver createDriver();

  private ReactorUDP udp() {
    Reactor reactor = driver().reactor();
    if (reactor instanceof ReactorUDP udp) {
      return udp;
    }
    throw new IllegalStateException(
        reactor + " does not implement ReactorUDP; the UDP scenarios need a reactor that does");
  }

  private DatagramTransport listen(DatagramScenarioProtocol protocol, int maxPacketSize) {
    return driver().onReactor(
        () -> udp().listenUDP(0, protocol, driver().loopbackHost(), maxPacketSize));
  }

  private InetSocketAddress address(DatagramTransport port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(driver().loopbackHost()), port.host().getPort());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] pattern(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (seed * 31 + i);
    }
    return data;
  }

  @Test
  void datagramsArriveWholeWithTheirSenderAndAnEchoComesBack() {
    DatagramScenarioProtocol server = DatagramScenarioProtocol.echoer();
    DatagramScenarioProtocol client = DatagramScenarioProtocol.recorder();
    DatagramTransport serverPort = listen(server, 2048);
    DatagramTransport clientPort = listen(client, 2048);
    int[] sizes = {1, 700, 0, 2048};

    driver().onReactor(() -> {
      for (int i = 0; i < sizes.length; i++) {
        clientPort.write(pattern(sizes[i], i), address(serverPort));
      }
    });
    driver().runUntil(() -> client.received.size() == sizes.length, "4 echoes received");

    assertThat(server.sizes()).containsExactlyInAnyOrder(1, 700, 0, 2048);
    assertThat(client.sizes()).containsExactlyInAnyOrder(1, 700, 0, 2048);
    for (DatagramScenarioProtocol.Received r : client.received) {
      int seed = Arrays.stream(sizes).boxed().toList().indexOf(r.data().length);
      assertThat(r.data()).isEqualTo(pattern(sizes[seed], seed));
      assertThat(r.sender()).isEqualTo(address(serverPort));
    }
    assertThat(server.received).allSatisfy(r -> assertThat(r.sender()).isEqualTo(address(clientPort)));
    assertThat(server.allBuffersReadOnly()).isTrue();
  }

  @Test
  void aWriteLongerThanMaxPacketSizeIsRejectedAndALongerArrivalIsDroppedWhole() {
    DatagramScenarioProtocol small = DatagramScenarioProtocol.recorder();
    DatagramScenarioProtocol big = DatagramScenarioProtocol.recorder();
    DatagramTransport smallPort = listen(small, 512);
    DatagramTransport bigPort = listen(big, 4096);

    assertThatThrownBy(() -> driver().onReactor(
            () -> smallPort.write(new byte[513], address(bigPort))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("datagram must be at most maxPacketSize (512) bytes: 513");
    driver().onReactor(() -> {
      bigPort.write(pattern(1500, 1), address(smallPort));
      bigPort.write(pattern(512, 2), address(smallPort));
    });
    driver().runUntil(() -> small.received.size() == 1, "the datagram that fits arrived");
    driver().runUntil(
        () -> driver().onReactor(smallPort::droppedIncoming) == 1, "the long one counted");

    assertThat(small.received.get(0).data()).isEqualTo(pattern(512, 2));
    assertThat(driver().onReactor(smallPort::isListening)).isTrue();
  }

  @Test
  void aConnectedPortHearsThatNothingListensAtItsPeer() {
    DatagramScenarioProtocol gone = DatagramScenarioProtocol.recorder();
    DatagramTransport gonePort = listen(gone, 512);
    InetSocketAddress nobody = address(gonePort);
    driver().onReactor(() -> gonePort.stopListening());
    driver().runUntil(() -> gone.events.contains("stop"), "the first port stopped");
    DatagramScenarioProtocol client = DatagramScenarioProtocol.recorder();
    DatagramTransport clientPort = listen(client, 512);

    driver().onReactor(() -> {
      clientPort.connect(nobody);
      clientPort.write(new byte[] {1, 2, 3});
    });
    driver().runUntil(() -> !client.refusals.isEmpty(), "connectionRefused");

    assertThat(client.refusals.get(0)).isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining(String.valueOf(nobody.getPort()));
    assertThat(driver().onReactor(clientPort::isListening)).isTrue();
    assertThat(driver().onReactor(clientPort::peer)).isEqualTo(nobody);
  }

  @Test
  void aConnectedPortReceivesFromItsPeerOnly() {
    DatagramScenarioProtocol connected = DatagramScenarioProtocol.recorder();
    DatagramScenarioProtocol peer = DatagramScenarioProtocol.recorder();
    DatagramScenarioProtocol stranger = DatagramScenarioProtocol.recorder();
    DatagramTransport connectedPort = listen(connected, 512);
    DatagramTransport peerPort = listen(peer, 512);
    DatagramTransport strangerPort = listen(stranger, 512);
    driver().onReactor(() -> connectedPort.connect(address(peerPort)));

    driver().onReactor(() -> {
      strangerPort.write(new byte[] {9}, address(connectedPort));
      peerPort.write(new byte[] {1}, address(connectedPort));
    });
    driver().runUntil(() -> connected.received.size() == 1, "the peer's datagram");
    driver().onReactor(() -> peerPort.write(new byte[] {2}, address(connectedPort)));
    driver().runUntil(() -> connected.received.size() == 2, "the peer's second datagram");

    assertThat(connected.received).extracting(r -> r.data()[0]).containsExactly((byte) 1, (byte) 2);
    assertThatThrownBy(() -> driver().onReactor(
            () -> connectedPort.write(new byte[1], address(strangerPort))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connected peer");
  }

  @Test
  void aThrowingDatagramReceivedDoesNotStopThePortOrTheReactor() {
    DatagramScenarioProtocol server = DatagramScenarioProtocol.throwingFirst(1);
    DatagramScenarioProtocol client = DatagramScenarioProtocol.recorder();
    DatagramTransport serverPort = listen(server, 512);
    DatagramTransport clientPort = listen(client, 512);

    driver().onReactor(() -> clientPort.write(new byte[] {1}, address(serverPort)));
    driver().runUntil(() -> server.received.size() == 1, "the first datagram");
    driver().onReactor(() -> clientPort.write(new byte[] {2}, address(serverPort)));
    driver().runUntil(() -> server.received.size() == 2, "the second datagram");

    assertThat(driver().onReactor(serverPort::isListening)).isTrue();
    assertThat(driver().onReactor(() -> driver().reactor().isRunning())).isTrue();
    assertThat(server.events).containsExactly("start");
  }

  @Test
  void stopListeningStopsTheProtocolOnceAndLaterWritesFail() {
    DatagramScenarioProtocol protocol = DatagramScenarioProtocol.recorder();
    DatagramTransport port = listen(protocol, 512);
    InetSocketAddress self = address(port);

    boolean sameResult = driver().onReactor(() -> port.stopListening() == port.stopListening());
    driver().runUntil(() -> protocol.events.contains("stop"), "stopProtocol");
    driver().passTime(Duration.ofMillis(20));

    assertThat(sameResult).isTrue();
    assertThat(protocol.events).containsExactly("start", "stop");
    assertThat(driver().onReactor(port::isListening)).isFalse();
    assertThatThrownBy(() -> driver().onReactor(() -> port.write(new byte[1], self)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped listening");
  }

  @Test
  void aPortListensOnAnEphemeralPortAndStartsItsProtocolBeforeListenReturns() {
    DatagramScenarioProtocol protocol = DatagramScenarioProtocol.recorder();
    DatagramTransport port = listen(protocol, 512);

    assertThat(protocol.events).containsExactly("start");
    assertThat(port.host().getPort()).isBetween(1, 65_535);
    assertThat(port.maxPacketSize()).isEqualTo(512);
    assertThat(driver().onReactor(port::peer)).isNull();
    assertThatThrownBy(() -> driver().onReactor(
            () -> udp().listenUDP(0, DatagramScenarioProtocol.recorder(), "", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPacketSize must be in 1..65507: 0");
  }
}
