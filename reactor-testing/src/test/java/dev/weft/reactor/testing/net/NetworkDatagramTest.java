package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.testing.net.DatagramEvent.Fate;
import dev.weft.reactor.testing.net.DatagramNetworkTest.Sink;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UDP between the hosts of a {@link Network}: its conditions, partitions and crashes. */
class NetworkDatagramTest {
  private final Network network = Network.builder().seed(11)
      .datagrams(DatagramConditions.perfect().withLatency(Duration.ofMillis(5))).build();
  private final Host client = network.host("client", "10.0.0.1");
  private final Host server = network.host("server", "10.0.0.2");

  private static InetSocketAddress at(Host host, int port) {
    return new InetSocketAddress(host.address(), port);
  }

  private static byte[] number(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  @Test
  void datagramsTravelBetweenHostsWithTheConditionsLatencyFromTheSendersAddress() {
    Sink receiver = new Sink();
    server.reactor().listenUDP(53, receiver);
    DatagramTransport out = client.reactor().listenUDP(0, new Sink());

    out.write(number(1), at(server, 53));
    network.advance(Duration.ofMillis(4));
    assertThat(receiver.numbers).isEmpty();
    network.advance(Duration.ofMillis(1));

    assertThat(receiver.numbers).containsExactly(1);
    assertThat(receiver.senders).containsExactly(at(client, out.host().getPort()));
    assertThat(network.datagrams().trace(Fate.DELIVERED)).hasSize(1);
  }

  @Test
  void faultsFollowTheNetworksSeed() {
    List<Integer> first = lossyRun(42);
    assertThat(lossyRun(42)).isEqualTo(first);
    assertThat(lossyRun(43)).isNotEqualTo(first);
  }

  /** Sends 0..199 from one host to another under 30 % loss, duplication and reordering. */
  private static List<Integer> lossyRun(long seed) {
    Network lossy = Network.builder().seed(seed).datagrams(DatagramConditions.perfect()
        .withLoss(0.3).withDuplication(0.2).withReordering(0.3, Duration.ofMillis(10))).build();
    Host a = lossy.host("a");
    Host b = lossy.host("b");
    Sink receiver = new Sink();
    b.reactor().listenUDP(53, receiver);
    DatagramTransport out = a.reactor().listenUDP(0, new Sink());
    for (int i = 0; i < 200; i++) {
      out.write(number(i), at(b, 53));
      lossy.advance(Duration.ofMillis(1));
    }
    lossy.runUntilIdle();
    DatagramNetwork udp = lossy.datagrams();
    assertThat(udp.trace(Fate.LOST)).isNotEmpty();
    assertThat(udp.trace(Fate.DUPLICATED)).isNotEmpty();
    assertThat(receiver.numbers)
        .hasSize(200 - udp.trace(Fate.LOST).size() + udp.trace(Fate.DUPLICATED).size())
        .as("reordered").isNotEqualTo(receiver.numbers.stream().sorted().toList());
    return List.copyOf(receiver.numbers);
  }

  @Test
  void aTwoWayPartitionDropsDatagramsInFlightAndLaterUntilHealed() {
    Sink receiver = new Sink();
    server.reactor().listenUDP(53, receiver);
    DatagramTransport out = client.reactor().listenUDP(0, new Sink());

    out.write(number(1), at(server, 53));
    network.partition(client, server);
    out.write(number(2), at(server, 53));
    network.advance(Duration.ofMillis(5));
    network.heal(client, server);
    out.write(number(3), at(server, 53));
    network.advance(Duration.ofMillis(5));

    assertThat(receiver.numbers).containsExactly(3);
    assertThat(network.datagrams().trace(Fate.PARTITIONED)).hasSize(2);
  }

  @Test
  void aOneWayPartitionDropsOneDirectionOnly() {
    Sink atServer = new Sink();
    Sink atClient = new Sink();
    DatagramTransport serverPort = server.reactor().listenUDP(53, atServer);
    DatagramTransport clientPort = client.reactor().listenUDP(5353, atClient);
    network.partitionOneWay(client, server);

    clientPort.write(number(1), at(server, 53));
    serverPort.write(number(2), at(client, 5353));
    network.advance(Duration.ofMillis(5));

    assertThat(atServer.numbers).isEmpty();
    assertThat(atClient.numbers).containsExactly(2);
  }

  @Test
  void aCrashedHostDropsDatagramsAndItsRestartListensAfresh() {
    server.reactor().listenUDP(53, new Sink());
    DatagramTransport out = client.reactor().listenUDP(0, new Sink());

    out.write(number(1), at(server, 53));
    server.crash();
    out.write(number(2), at(server, 53));
    network.advance(Duration.ofMillis(5));
    assertThat(network.datagrams().trace(Fate.HOST_DOWN)).hasSize(2);

    server.restart();
    Sink afresh = new Sink();
    server.reactor().listenUDP(53, afresh);
    out.write(number(3), at(server, 53));
    network.advance(Duration.ofMillis(5));
    assertThat(afresh.numbers).containsExactly(3);
  }

  @Test
  void datagramsLongerThanTheLimitAreDropped() {
    Network small = Network.builder()
        .datagrams(DatagramConditions.perfect().withMaxDatagramSize(4)).build();
    Host a = small.host("a");
    Host b = small.host("b");
    Sink receiver = new Sink();
    b.reactor().listenUDP(53, receiver);
    DatagramTransport out = a.reactor().listenUDP(0, new Sink());

    out.write(new byte[5], at(b, 53));
    out.write(number(9), at(b, 53));
    small.runUntilIdle();

    assertThat(receiver.numbers).containsExactly(9);
    assertThat(small.datagrams().trace(Fate.TOO_LARGE)).hasSize(1);
  }
}
