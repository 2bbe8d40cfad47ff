package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.udp.BaseDatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReactorUdpTest {
  private final MemoryReactor reactor = new MemoryReactor();

  /** Records copies of what it receives; may keep the buffer itself, to test the ownership rule. */
  static final class Recorder extends BaseDatagramProtocol {
    final List<String> received = new ArrayList<>();
    final List<InetSocketAddress> senders = new ArrayList<>();
    final List<ConnectionRefusedException> refusals = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    ByteBuffer kept;
    boolean fail;

    @Override
    protected void protocolStarted() {
      events.add("start");
    }

    @Override
    public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
      kept = datagram;
      received.add(StandardCharsets.UTF_8.decode(datagram.duplicate()).toString());
      senders.add(sender);
      if (fail) {
        throw new IllegalStateException("boom");
      }
    }

    @Override
    public void connectionRefused(ConnectionRefusedException refusal) {
      refusals.add(refusal);
    }

    @Override
    public void stopProtocol() {
      events.add("stop");
    }

    DatagramTransport port() {
      return transport();
    }
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void listenUdpIsRecordedWithEveryArgumentAndPortZeroGetsAFakePort() {
    Recorder protocol = new Recorder();
    DatagramTransport port = reactor.listenUDP(0, protocol, "127.0.0.1", 1200);

    assertThat(reactor.listenUdpCalls())
        .containsExactly(new ListenUdpCall(0, protocol, "127.0.0.1", 1200, false, false));
    assertThat(port).isSameAs(reactor.lastUdpPort());
    assertThat(port.host().getPort()).isGreaterThanOrEqualTo(49152);
    assertThat(port.maxPacketSize()).isEqualTo(1200);
    assertThat(protocol.events).containsExactly("start");
  }

  @Test
  void aTakenPortIsRefusedUnlessBothListenMultiple() {
    reactor.listenUDP(5353, new Recorder());
    assertThatThrownBy(() -> reactor.listenUDP(5353, new Recorder()))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining("UDP port 5353 is already in use");

    reactor.listenMulticast(5454, new Recorder(), "", 512, true);
    reactor.listenMulticast(5454, new Recorder(), "", 512, true);
    assertThat(reactor.udpPorts()).hasSize(3);
  }

  @Test
  void badArgumentsFailWithTheSharedMessages() {
    assertThatThrownBy(() -> reactor.listenUDP(70_000, new Recorder()))
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> reactor.listenUDP(0, new Recorder(), "", 70_000))
        .hasMessage("maxPacketSize must be in 1..65507: 70000");
  }

  @Test
  void sentDatagramsAreRecordedWithTheirAddressesAndLeaveTheHost() throws Exception {
    Recorder protocol = new Recorder();
    MemoryDatagramPort port = (MemoryDatagramPort) reactor.listenUDP(0, protocol);

    port.write(utf8("query"), at("10.0.0.53", 53));
    port.write(ByteBuffer.wrap(utf8("again")), at("10.0.0.53", 53));
    reactor.iterate();

    assertThat(port.sent()).extracting(Datagram::utf8).containsExactly("query", "again");
    assertThat(port.sent().get(0).to()).isEqualTo(at("10.0.0.53", 53));
    assertThat(port.takeSent()).hasSize(2);
    assertThat(port.sent()).isEmpty();
  }

  @Test
  void theTestDeliversFromAnySenderUnderTheOwnershipRule() throws Exception {
    Recorder protocol = new Recorder();
    MemoryDatagramPort port = (MemoryDatagramPort) reactor.listenUDP(0, protocol);

    assertThat(port.deliver(utf8("hello"), at("192.0.2.7", 4000))).isTrue();

    assertThat(protocol.received).containsExactly("hello");
    assertThat(protocol.senders).containsExactly(at("192.0.2.7", 4000));
    assertThat(protocol.kept.isReadOnly()).isTrue();
    assertThat(protocol.kept.remaining()).as("a kept buffer is emptied after the call").isZero();
  }

  @Test
  void aDatagramLongerThanMaxPacketSizeIsDroppedWholeAndCounted() throws Exception {
    Recorder protocol = new Recorder();
    MemoryDatagramPort port = (MemoryDatagramPort) reactor.listenUDP(0, protocol, "", 4);

    assertThat(port.deliver(utf8("12345"), at("192.0.2.7", 4000))).isFalse();
    assertThatThrownBy(() -> port.write(utf8("12345"), at("192.0.2.7", 4000)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(protocol.received).isEmpty();
    assertThat(port.droppedIncoming()).isEqualTo(1);
  }

  @Test
  void aConnectedPortHearsOnlyItsPeerAndRefusalsTheTestReports() throws Exception {
    Recorder protocol = new Recorder();
    MemoryDatagramPort port = (MemoryDatagramPort) reactor.listenUDP(0, protocol);
    assertThatThrownBy(port::refuse)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connect(peer) first");

    port.connect(at("192.0.2.1", 53));
    assertThat(port.deliver(utf8("stranger"), at("192.0.2.2", 53))).isFalse();
    assertThat(port.deliver(utf8("peer"), at("192.0.2.1", 53))).isTrue();
    port.refuse();

    assertThat(protocol.received).containsExactly("peer");
    assertThat(protocol.refusals).hasSize(1);
    assertThatThrownBy(() -> port.connect(at("192.0.2.3", 53)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("already connected to");
  }

  @Test
  void loopbackDatagramsArriveOnTheNextTurnAndAConnectedWriteToNobodyIsRefused() throws Exception {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    DatagramTransport portA = reactor.listenUDP(0, a);
    DatagramTransport portB = reactor.listenUDP(0, b);

    portA.write(utf8("ping"), at("127.0.0.1", portB.host().getPort()));
    assertThat(b.received).as("never inside write").isEmpty();
    assertThat(reactor.hasDatagramsInFlight()).isTrue();
    reactor.iterate();
    assertThat(b.received).containsExactly("ping");
    assertThat(b.senders).containsExactly(at("127.0.0.1", portA.host().getPort()));

    portA.connect(at("127.0.0.1", 9));
    portA.write(utf8("anyone?"));
    reactor.iterate();
    assertThat(a.refusals).singleElement()
        .satisfies(r -> assertThat(r).hasMessageContaining("127.0.0.1:9"));
  }

  @Test
  void aThrowingCallbackIsRecordedAndThePortKeepsListening() throws Exception {
    Recorder protocol = new Recorder();
    protocol.fail = true;
    MemoryDatagramPort port = (MemoryDatagramPort) reactor.listenUDP(0, protocol);

    port.deliver(utf8("one"), at("192.0.2.7", 1));
    port.deliver(utf8("two"), at("192.0.2.7", 1));

    assertThat(protocol.received).containsExactly("one", "two");
    assertThat(reactor.takeCallbackErrors()).hasSize(2)
        .allSatisfy(e -> assertThat(e.error()).hasMessage("boom"));
    assertThat(port.isListening()).isTrue();
  }

  @Test
  void aThrowingStartProtocolFailsTheListenAndLeavesNoPort() {
    BaseDatagramProtocol broken = new BaseDatagramProtocol() {
      @Override
      protected void protocolStarted() {
        throw new IllegalStateException("cannot start");
      }

      @Override
      public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {}
    };

    assertThatThrownBy(() -> reactor.listenUDP(0, broken))
        .isInstanceOf(CannotListenException.class)
        .hasRootCauseMessage("cannot start");
    assertThat(reactor.udpPorts()).isEmpty();
  }

  @Test
  void stoppingTheReactorStopsEveryPort() {
    Recorder protocol = new Recorder();
    DatagramTransport port = reactor.listenUDP(0, protocol);
    reactor.run();

    reactor.stop();
    reactor.iterate();

    assertThat(port.isListening()).isFalse();
    assertThat(protocol.events).containsExactly("start", "stop");
  }

  @Test
  void multicastReachesEveryMemberOfTheGroupOnThisHost() throws Exception {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    Recorder sender = new Recorder();
    InetAddress group = InetAddress.getByName("239.1.2.3");
    DatagramTransport one = reactor.listenMulticast(7000, first, "", 512, true);
    DatagramTransport two = reactor.listenMulticast(7000, second, "", 512, true);
    one.joinGroup(group, "");
    two.joinGroup(group, "");
    DatagramTransport out = reactor.listenUDP(0, sender);

    out.write(utf8("hi all"), new InetSocketAddress(group, 7000));
    reactor.iterate();

    assertThat(first.received).containsExactly("hi all");
    assertThat(second.received).containsExactly("hi all");
    assertThat(one.joinGroup(group, "")).isCompletedExceptionally();
    assertThat(((MemoryDatagramPort) one).groups()).containsExactly(group);
  }

  @Test
  void broadcastNeedsPermissionAsOnARealSocket() throws Exception {
    DatagramTransport port = reactor.listenUDP(0, new Recorder());
    assertThatThrownBy(() -> port.write(utf8("x"), at("255.255.255.255", 9)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("setBroadcastAllowed(true)");
    port.setBroadcastAllowed(true);
    port.write(utf8("x"), at("255.255.255.255", 9));
    assertThat(((MemoryDatagramPort) port).sent()).hasSize(1);
  }
}
