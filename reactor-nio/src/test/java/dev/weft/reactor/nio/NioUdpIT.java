package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.WrongThreadException;
import dev.weft.reactor.udp.MulticastGroupException;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import dev.weft.reactor.testing.conformance.DatagramScenarioProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What only the production reactor's UDP can show: real foreign senders, threads, logs, multicast. */
class NioUdpIT {
  private final NioReactorDriver driver = new NioReactorDriver();

  @AfterEach
  void close() {
    driver.close();
  }

  private DatagramTransport listen(DatagramScenarioProtocol protocol, int maxPacketSize) {
    return driver.onReactor(
        () -> driver.reactor().listenUDP(0, protocol, "127.0.0.1", maxPacketSize));
  }

  @Test
  void datagramsFromAPlainJdkSocketArriveWholeAndALongOneIsDroppedAndCounted() throws Exception {
    DatagramScenarioProtocol protocol = DatagramScenarioProtocol.echoer();
    DatagramTransport port = listen(protocol, 100);
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      peer.setSoTimeout(5_000);
      peer.send(new DatagramPacket(new byte[101], 101, port.host()));
      peer.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, port.host()));
      DatagramPacket echo = new DatagramPacket(new byte[200], 200);
      peer.receive(echo);

      assertThat(echo.getLength()).isEqualTo(3);
      assertThat(protocol.sizes()).containsExactly(3);
      assertThat(protocol.received.get(0).sender())
          .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.getLocalPort()));
      driver.runUntil(() -> driver.onReactor(port::droppedIncoming) == 1, "the long one counted");
    }
  }

  @Test
  void aThrowingDatagramReceivedIsLoggedAndTheLoopCarriesOn() {
    DatagramScenarioProtocol server = DatagramScenarioProtocol.throwingFirst(1);
    DatagramTransport serverPort = listen(server, 512);
    DatagramTransport clientPort = listen(DatagramScenarioProtocol.recorder(), 512);

    driver.onReactor(() -> clientPort.write(new byte[] {1}, serverPort.host()));
    driver.runUntil(() -> !driver.logger.errors().isEmpty(), "the error logged");
    driver.onReactor(() -> clientPort.write(new byte[] {2}, serverPort.host()));
    driver.runUntil(() -> server.received.size() == 2, "the next datagram");

    assertThat(driver.logger.errors()).singleElement()
        .satisfies(e -> assertThat(e).hasMessage("scenario protocol throws on purpose"));
  }

  @Test
  void transportMethodsRefuseOtherThreads() {
    DatagramTransport port = listen(DatagramScenarioProtocol.recorder(), 512);

    assertThatThrownBy(() -> port.write(new byte[1], port.host()))
        .isInstanceOf(WrongThreadException.class);
    assertThatThrownBy(() -> driver.reactor().listenUDP(0, DatagramScenarioProtocol.recorder()))
        .isInstanceOf(WrongThreadException.class);
  }

  @Test
  void stoppingTheReactorStopsEveryPort() throws Exception {
    DatagramScenarioProtocol protocol = DatagramScenarioProtocol.recorder();
    listen(protocol, 512);

    driver.reactor().stop();
    assertThat(driver.reactor().awaitTermination(Duration.ofSeconds(10))).isTrue();

    assertThat(protocol.events).containsExactly("start", "stop");
  }

  @Test
  void broadcastPermissionIsASocketOption() {
    DatagramTransport port = listen(DatagramScenarioProtocol.recorder(), 512);

    driver.onReactor(() -> port.setBroadcastAllowed(true));

    assertThat(driver.onReactor(port::isBroadcastAllowed)).isTrue();
  }

  @Test
  void joiningAndLeavingGroupsCompleteAtOnceAndLeavingAStrangerFails() throws Exception {
    InetAddress group = InetAddress.getByName("239.255.77.77");
    DatagramTransport port = driver.onReactor(() -> driver.reactor().listenMulticast(
        0, DatagramScenarioProtocol.recorder(), "", 512, true));

    Deferred<Void> join = driver.onReactor(() -> port.joinGroup(group, "127.0.0.1"));
    Deferred<Void> leaveOther = driver.onReactor(
        () -> port.leaveGroup(InetAddress.getByName("239.255.77.78"), "127.0.0.1"));

    assertThat(join).isDone();
    assertThat(leaveOther).isCompletedExceptionally();
    assertThatThrownBy(leaveOther::join).hasCauseInstanceOf(MulticastGroupException.class);
  }

  @Test
  void multicastOnLoopbackReachesAMemberWhereTheSystemAllowsIt() throws Exception {
    NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    Assumptions.assumeTrue(lo != null && lo.supportsMulticast(),
        "the loopback interface of this host does not do multicast");
    InetAddress group = InetAddress.getByName("239.255.77.77");
    DatagramScenarioProtocol member = DatagramScenarioProtocol.recorder();
    DatagramTransport port = driver.onReactor(
        () -> driver.reactor().listenMulticast(0, member, "", 512, true));
    Deferred<Void> join = driver.onReactor(() -> port.joinGroup(group, "127.0.0.1"));
    assertThat(join).isCompleted();
    try (DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
      sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
      InetSocketAddress to = new InetSocketAddress(group, port.host().getPort());
      // Multicast is best effort even on one host: send until one arrives, within the bound.
      driver.runUntil(() -> {
        if (member.received.isEmpty()) {
          try {
            sender.send(ByteBuffer.wrap(new byte[] {42}), to);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
        return !member.received.isEmpty();
      }, "a multicast datagram");
    }

    assertThat(member.received.get(0).data()).containsExactly(42);
    assertThat(driver.onReactor(() -> port.leaveGroup(group, "127.0.0.1"))).isCompleted();
  }
}
