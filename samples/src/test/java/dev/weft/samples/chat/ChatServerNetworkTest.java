package dev.weft.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Index;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The chat server and three members, each on a host of its own, 10 ms from the server, across
 * partitions: what a cut member says is held and flows on heal, in order, at exact instants; a
 * member cut off for longer than the network's partition timeout is dropped, and the others are
 * told; a member who stops reading fills her receive window, then the server's buffer for her,
 * and is cut off by the line that crosses its high-water mark.
 */
class ChatServerNetworkTest {
  private static final Duration LATENCY = Duration.ofMillis(10);

  /** A line of chat a member heard, and when (fake time since the network started). */
  record Heard(Duration at, String line) {}

  /** One member's client: says its name once connected, then keeps what it hears, timed. */
  static final class Member extends LineReceiver {
    private final String name;
    private final Clock clock;
    final List<Heard> heard = new ArrayList<>();
    @Nullable ConnectionEndedException lost;

    Member(String name, Clock clock) {
      this.name = name;
      this.clock = clock;
    }

    @Override
    public void connectionMade() {
      say(name);
    }

    void say(String text) {
      sendLine(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void lineReceived(byte[] line) {
      heard.add(new Heard(clock.elapsed(), new String(line, StandardCharsets.UTF_8)));
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost = reason;
    }

    void stopReading() {
      transport().pauseProducing();
    }

    void resumeReading() {
      transport().resumeProducing();
    }

    void leave() {
      transport().loseConnection();
    }

    /** Forgets what was heard so far: the next assertion is about what comes after. */
    void forget() {
      heard.clear();
    }
  }

  private final ChatServer chat = new ChatServer();
  private Network network;
  private Host server;
  private Host aliceHost;
  private Member alice;
  private Member bob;
  private Member carol;

  /** Three members on three hosts join at once; at 1 s everyone is in. */
  private void join(Network.Builder builder) {
    network = builder.seed(20261202L).latency(LATENCY).build();
    server = network.host("chat");
    server.reactor().listenTCP(6667, chat);
    aliceHost = network.host("alice");
    alice = member(aliceHost, "alice");
    bob = member(network.host("bob"), "bob");
    carol = member(network.host("carol"), "carol");
    at(Duration.ofSeconds(1));
    assertThat(chat.members()).containsExactly("alice", "bob", "carol");
    alice.forget();
    bob.forget();
    carol.forget();
  }

  private Member member(Host host, String name) {
    Member member = new Member(name, network.clock());
    host.reactor().connectTCP("chat", 6667, ClientFactory.of(() -> member), Duration.ofSeconds(5));
    return member;
  }

  /** Moves fake time to {@code instant} since the start. */
  private void at(Duration instant) {
    network.advance(instant.minus(network.clock().elapsed()));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void linesSaidDuringATwoWayPartitionAreHeldAndFlowInOrderOnHeal() {
    join(Network.builder());
    network.partition(aliceHost, server);

    at(ms(2_000));
    alice.say("anyone there?");
    at(ms(3_000));
    alice.say("hello?");
    at(ms(4_000));
    bob.say("where is alice?");
    at(ms(59_999));

    // Bob's line reached carol one hop to the server and one hop out; nobody heard alice.
    assertThat(carol.heard).containsExactly(new Heard(ms(4_020), "<bob> where is alice?"));
    assertThat(bob.heard).isEmpty();
    assertThat(alice.heard).isEmpty();
    Link aliceLink = network.links(aliceHost, server).get(0);
    assertThat(aliceLink.isPartitioned()).isTrue();
    // alice's two lines at the server's end, bob's line at alice's end: all waiting at the cut.
    assertThat(aliceLink.bytesHeld())
        .isEqualTo("anyone there?\r\nhello?\r\n<bob> where is alice?\r\n".length());

    at(ms(60_000));
    network.heal(aliceHost, server);
    network.advance(Duration.ofSeconds(1));

    // What waited at the cut lands at the heal instant; the server relays it one hop later.
    assertThat(alice.heard).containsExactly(new Heard(ms(60_000), "<bob> where is alice?"));
    List<Heard> relayed = List.of(
        new Heard(ms(60_010), "<alice> anyone there?"),
        new Heard(ms(60_010), "<alice> hello?"));
    assertThat(bob.heard).containsExactlyElementsOf(relayed);
    assertThat(carol.heard).containsSubsequence(relayed).hasSize(3);
    assertThat(aliceLink.bytesHeld()).isZero();
    assertThat(chat.members()).containsExactly("alice", "bob", "carol");
    assertThat(alice.lost).isNull();
    Leftovers.assertClean(shutDown());
  }

  @Test
  void aMemberWhoHearsNothingForLongerThanThePartitionTimeoutIsDroppedAndTheOthersAreTold() {
    join(Network.builder().partitionTimeout(Duration.ofSeconds(30)));
    // The server's words no longer reach alice; hers still reach the server.
    network.partitionOneWay(server, aliceHost);

    at(ms(2_000));
    alice.say("can you hear me?");
    at(ms(3_000));
    bob.say("yes, alice");
    at(ms(30_999));

    assertThat(bob.heard).containsExactly(new Heard(ms(2_020), "<alice> can you hear me?"));
    assertThat(alice.heard).isEmpty();
    assertThat(alice.lost).isNull();

    // 30 s after the cut the connection times out at both ends, as TCP gives up retransmitting.
    at(ms(31_000));
    assertThat(alice.lost)
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("timed out");
    assertThat(chat.members()).containsExactly("bob", "carol");
    network.advance(Duration.ofSeconds(1));

    assertThat(alice.heard).isEmpty();
    assertThat(bob.heard).containsExactly(
        new Heard(ms(2_020), "<alice> can you hear me?"),
        new Heard(ms(31_010), "* alice has left"));
    assertThat(carol.heard).containsExactly(
        new Heard(ms(2_020), "<alice> can you hear me?"),
        new Heard(ms(3_020), "<bob> yes, alice"),
        new Heard(ms(31_010), "* alice has left"));
    Leftovers.assertClean(shutDown());
  }

  @Test
  void whatACutMemberSaidIsLostWhenTheTwoWayPartitionOutlastsTheTimeout() {
    join(Network.builder().partitionTimeout(Duration.ofSeconds(30)));
    network.partition(aliceHost, server);
    at(ms(2_000));
    alice.say("is this thing on?");
    at(ms(31_000));

    // The reset throws away what waited at the cut: nobody ever hears alice's line.
    assertThat(alice.lost).isInstanceOf(ConnectionLostException.class);
    assertThat(network.links(aliceHost, server).get(0).bytesHeld()).isZero();
    network.heal(aliceHost, server);
    network.advance(Duration.ofMinutes(1));

    assertThat(bob.heard).containsExactly(new Heard(ms(31_010), "* alice has left"));
    assertThat(carol.heard).containsExactly(new Heard(ms(31_010), "* alice has left"));
    assertThat(chat.members()).containsExactly("bob", "carol");
    Leftovers.assertClean(shutDown());
  }

  @Test
  void aPartitionHealedBeforeTheTimeoutKeepsTheMember() {
    join(Network.builder().partitionTimeout(Duration.ofSeconds(30)));
    network.partition(aliceHost, server);
    at(ms(2_000));
    alice.say("still here");
    at(ms(30_999));
    network.heal(aliceHost, server);
    network.advance(Duration.ofMinutes(1));

    assertThat(alice.lost).isNull();
    assertThat(chat.members()).containsExactly("alice", "bob", "carol");
    assertThat(bob.heard).containsExactly(new Heard(ms(31_009), "<alice> still here"));
    Leftovers.assertClean(shutDown());
  }

  @Test
  void aMemberWhoStopsReadingIsDisconnectedOnceHerWindowAndTheServersBufferAreFull() {
    join(Network.builder());
    alice.stopReading();
    String line = "y".repeat(1000);
    int toAlice = ("<bob> " + line + "\r\n").length();
    // Her receive window (64 KiB) fills first, then the server's buffer for her past its
    // high-water mark (64 KiB): the line that crosses it is the last she is sent.
    int last = (64 * 1024 + 64 * 1024) / toAlice + 1;

    for (int i = 1; i <= last + 10; i++) {
      at(ms(1_000 + 100L * i));
      bob.say(line);
    }
    network.advance(Duration.ofSeconds(1));

    // The server cut her off when that line reached it; the others hear it one hop later.
    Duration told = ms(1_000 + 100L * last).plus(LATENCY).plus(LATENCY);
    Heard notice = new Heard(told, "* alice was disconnected (not reading)");
    assertThat(chat.members()).containsExactly("bob", "carol");
    assertThat(bob.heard).containsExactly(notice);
    assertThat(carol.heard).hasSize(last + 10 + 1).contains(notice, Index.atIndex(last));

    // The reset waits behind what she has not read: reading again, she gets the lines that
    // filled her window, then the reset.
    assertThat(alice.lost).isNull();
    alice.resumeReading();
    network.advance(Duration.ofSeconds(1));
    assertThat(alice.heard).hasSize(64 * 1024 / toAlice);
    assertThat(alice.lost).isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("reset");
    Leftovers.assertClean(shutDown());
  }

  /** Every member leaves and the server stops listening, so only a stray error would be left. */
  private Clock shutDown() {
    for (Member m : List.of(alice, bob, carol)) {
      if (m.lost == null) {
        m.leave();
      }
    }
    server.reactor().listeningPorts().forEach(p -> p.stopListening());
    network.runUntilIdle();
    assertThat(chat.members()).isEmpty();
    return network.clock();
  }
}
