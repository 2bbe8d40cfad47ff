package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.DatagramEvent.Fate;
import dev.weft.reactor.udp.BaseDatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramNetworkTest {
  private final Clock clock = new Clock();
  private final MemoryReactor a = new MemoryReactor(clock);
  private final MemoryReactor b = new MemoryReactor(clock);

  static final class Sink extends BaseDatagramProtocol {
    final List<Integer> numbers = new ArrayList<>();
    final List<InetSocketAddress> senders = new ArrayList<>();
    final List<ConnectionRefusedException> refusals = new ArrayList<>();

    @Override
    public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
      numbers.add(datagram.getInt());
      senders.add(sender);
    }

    @Override
    public void connectionRefused(ConnectionRefusedException refusal) {
      refusals.add(refusal);
    }

    DatagramTransport port() {
      return transport();
    }
  }

  private DatagramNetwork network(long seed, DatagramConditions conditions) {
    return DatagramNetwork.builder(clock).seed(seed).conditions(conditions).build()
        .attach(a, "10.0.0.1")
        .attach(b, "10.0.0.2");
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static byte[] number(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  @Test
  void aPerfectNetworkDeliversAfterTheLatencyFromTheHostsAddress() throws Exception {
    network(1, DatagramConditions.perfect().withLatency(Duration.ofMillis(5)));
    Sink sender = new Sink();
    Sink receiver = new Sink();
    DatagramTransport out = a.listenUDP(0, sender);
    b.listenUDP(53, receiver);

    out.write(number(7), at("10.0.0.2", 53));
    clock.advance(Duration.ofMillis(4));
    assertThat(receiver.numbers).isEmpty();
    clock.advance(Duration.ofMillis(1));

    assertThat(receiver.numbers).containsExactly(7);
    assertThat(receiver.senders).containsExactly(at("10.0.0.1", out.host().getPort()));
  }

  @Test
  void faultsFollowTheSeedSoTheSameSeedReplaysTheSameRun() {
    DatagramConditions lossy = DatagramConditions.perfect().withLoss(0.3).withDuplication(0.2)
        .withReordering(0.3, Duration.ofMillis(10));

    List<Integer> first = run(lossy, 42);
    List<Integer> again = run(lossy, 42);

    assertThat(again).isEqualTo(first);
    assertThat(first).doesNotHaveDuplicates().isNotEmpty();
  }

  /** Sends 0..999 from a to b, one per millisecond, on fresh reactors; returns what arrived. */
  private static List<Integer> run(DatagramConditions conditions, long seed) {
    Clock clock = new Clock();
    MemoryReactor a = new MemoryReactor(clock);
    MemoryReactor b = new MemoryReactor(clock);
    DatagramNetwork network = DatagramNetwork.builder(clock).seed(seed).conditions(conditions)
        .build().attach(a, "10.0.0.1").attach(b, "10.0.0.2");
    Sink receiver = new Sink();
    b.listenUDP(53, receiver);
    DatagramTransport out = a.listenUDP(0, new Sink());
    InetSocketAddress to = new InetSocketAddress(b.udpPorts().get(0).host().getPort());
    InetSocketAddress server;
    try {
      server = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), to.getPort());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < 1000; i++) {
      out.write(number(i), server);
      clock.advance(Duration.ofMillis(1));
    }
    clock.advance(Duration.ofSeconds(1));
    int lost = network.trace(Fate.LOST).size();
    int duplicated = network.trace(Fate.DUPLICATED).size();
    assertThat(lost).isBetween(240, 360);
    assertThat(duplicated).isBetween(90, 190);
    assertThat(receiver.numbers).hasSize(1000 - lost + duplicated);
    assertThat(receiver.numbers).as("reordered").isNotEqualTo(receiver.numbers.stream().sorted().toList());
    return receiver.numbers.stream().distinct().toList();
  }

  @Test
  void aPartitionDropsDatagramsInFlightAndLaterUntilHealed() throws Exception {
    DatagramNetwork network = network(3, DatagramConditions.perfect().withLatency(Duration.ofMillis(10)));
    Sink receiver = new Sink();
    b.listenUDP(53, receiver);
    DatagramTransport out = a.listenUDP(0, new Sink());

    out.write(number(1), at("10.0.0.2", 53));
    network.partition("10.0.0.1", "10.0.0.2");
    out.write(number(2), at("10.0.0.2", 53));
    clock.advance(Duration.ofMillis(10));
    network.heal("10.0.0.1", "10.0.0.2");
    out.write(number(3), at("10.0.0.2", 53));
    clock.advance(Duration.ofMillis(10));

    assertThat(receiver.numbers).containsExactly(3);
    assertThat(network.trace(Fate.PARTITIONED)).hasSize(2);
  }

  @Test
  void aLinkDropsDatagramsLongerThanItsLimit() throws Exception {
    DatagramNetwork network = network(4, DatagramConditions.perfect());
    network.link("10.0.0.1", "10.0.0.2", DatagramConditions.perfect().withMaxDatagramSize(4));
    Sink receiver = new Sink();
    b.listenUDP(53, receiver);
    DatagramTransport out = a.listenUDP(0, new Sink());

    out.write(new byte[5], at("10.0.0.2", 53));
    out.write(number(9), at("10.0.0.2", 53));
    clock.advance(Duration.ofMillis(1));

    assertThat(receiver.numbers).containsExactly(9);
    assertThat(network.trace(Fate.TOO_LARGE)).singleElement()
        .satisfies(e -> assertThat(e.datagram().size()).isEqualTo(5));
  }

  @Test
  void nothingListeningRefusesAConnectedSenderAfterTheRoundTrip() throws Exception {
    DatagramNetwork network = network(5, DatagramConditions.perfect().withLatency(Duration.ofMillis(3)));
    Sink client = new Sink();
    DatagramTransport out = a.listenUDP(0, client);
    out.write(number(1), at("10.9.9.9", 53));
    out.connect(at("10.0.0.2", 53));
    out.write(number(2));

    clock.advance(Duration.ofMillis(5));
    assertThat(client.refusals).isEmpty();
    clock.advance(Duration.ofMillis(1));

    assertThat(client.refusals).hasSize(1);
    assertThat(network.trace(Fate.NO_HOST)).hasSize(1);
    assertThat(network.trace(Fate.NO_LISTENER)).hasSize(1);
  }

  @Test
  void broadcastReachesEveryHostsPortAtThatNumber() throws Exception {
    network(6, DatagramConditions.perfect());
    Sink onA = new Sink();
    Sink onB = new Sink();
    a.listenUDP(6000, onA);
    b.listenUDP(6000, onB);
    DatagramTransport out = a.listenUDP(0, new Sink());
    out.setBroadcastAllowed(true);

    out.write(number(5), at("255.255.255.255", 6000));
    clock.advance(Duration.ofMillis(1));

    assertThat(onA.numbers).containsExactly(5);
    assertThat(onB.numbers).containsExactly(5);
  }

  @Test
  void attachingChecksTheClockAndTheAddress() {
    DatagramNetwork network = DatagramNetwork.builder(clock).build();
    assertThatThrownBy(() -> network.attach(new MemoryReactor(), "10.0.0.1"))
        .hasMessageContaining("new MemoryReactor(clock)");
    assertThatThrownBy(() -> network.attach(a, "127.0.0.1"))
        .hasMessage("address must be a unicast address that is not loopback: 127.0.0.1");
    network.attach(a, "10.0.0.1");
    assertThatThrownBy(() -> network.attach(b, "10.0.0.1")).hasMessageContaining("already taken");
    assertThatThrownBy(() -> network.partition("10.0.0.1", "10.0.0.3"))
        .hasMessageContaining("b must be the address of a host of this network");
    assertThatThrownBy(() -> DatagramConditions.perfect().withLoss(1.5))
        .hasMessage("loss must be in 0..1: 1.5");
    assertThatThrownBy(() -> DatagramConditions.perfect().withLatency(Duration.ZERO))
        .hasMessage("latency must be positive: PT0S");
  }
}
