package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ScriptedPeerTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final Client client = new Client();

  private ClientAttempt connect() {
    reactor.connectTCP("server.test", 7000, ClientFactory.of(() -> client));
    return reactor.lastClientAttempt();
  }

  @Test
  void aPeerListeningOnAPortPlaysItsScriptToTheEnd() {
    ScriptedPeer peer = ScriptedPeer.on(reactor)
        .expectLine("HELLO")
        .send("WORLD\n")
        .close()
        .build();
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7000, peer);
    client.onMade = c -> c.write("HELLO\r\n");

    connect().connectTo(port).flush();
    port.stopListening();

    assertThat(client.text()).isEqualTo("WORLD\n");
    assertThat(client.lost).isInstanceOf(ConnectionClosedException.class);
    assertThat(peer.isDone()).isTrue();
    peer.verify();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aPeerAnswersARecordedAttemptInOneCallAndItsChunkingCutsWhatItSends() {
    ScriptedPeer peer = ScriptedPeer.on(reactor)
        .chunking(Chunking.oneByte())
        .expect("ping")
        .send("pong")
        .close()
        .build();
    client.onMade = c -> c.write("ping");

    Pump pump = peer.answer(connect());
    pump.flush();

    assertThat(client.text()).isEqualTo("pong");
    assertThat(client.chunkSizes).containsExactly(1, 1, 1, 1);
    assertThat(pump.chunking()).hasToString("Chunking.oneByte()");
    assertThat(peer.isDone()).isTrue();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void bytesThatDifferFailTheScriptWithADiffAndResetTheConnection() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).named("http server")
        .expect("GET /index.html HTTP/1.1\r\n")
        .send("HTTP/1.1 200 OK\r\n")
        .build();
    client.onMade = c -> c.write("GET /indeX.html HTTP/1.1\r\n\u0001");

    peer.answer(connect()).flush();

    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
    assertThat(client.text()).isEmpty();
    AssertionError failure = peer.failure().orElseThrow();
    assertThat(failure.getMessage())
        .contains("scripted peer \"http server\": the code under test deviated from the script at"
            + " step 1 of 2 (expect \"GET /index.html HTTP/1.1\\r\\n\")")
        .contains("first difference at byte 9 of the step (byte 9 of what the peer received)")
        .contains("expected: ...\"ET /index.html HTTP/1.1\\r\\n\"")
        .contains("actual:   ...\"ET /indeX.html HTTP/1.1\\r\\n\\x01\"")
        .contains("expected hex: 45 54 20 2f 69 6e 64 65 78")
        .contains("actual hex:   45 54 20 2f 69 6e 64 65 58");
    assertThat(reactor.takeCallbackErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.error()).isSameAs(failure));
    assertThatThrownBy(peer::verify).isSameAs(failure);
    assertThat(peer.isDone()).isFalse();
    assertThat(Leftovers.of(reactor)).as("reported once, as the callback error").isEmpty();
  }

  @Test
  void aWrongLineFailsWhenItsEndArrivesAndAWrongPrefixAtOnce() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).expectLine("USER ann").build();
    client.onMade = c -> c.write("USER bob");

    peer.answer(connect()).flush();

    assertThat(peer.failure().orElseThrow())
        .hasMessageContaining("(expectLine \"USER ann\")")
        .hasMessageContaining("first difference at byte 5")
        .hasMessageContaining("actual:   \"USER bob\"");
    reactor.takeCallbackErrors();
  }

  @Test
  void aPeerReadsTheSameWhateverTheChunkingOfItsInput() {
    for (Chunking chunking : List.of(Chunking.oneByte(), Chunking.random(7), Chunking.fixed(3))) {
      Client each = new Client();
      ScriptedPeer peer = ScriptedPeer.on(reactor)
          .expectLine("A")
          .expect("BC")
          .expectUntil("a blank line", b -> new String(b, StandardCharsets.UTF_8).endsWith("\n\n"))
          .send("ok")
          .close()
          .build();
      each.onMade = c -> c.write("A\nBCx: 1\ny: 2\n\n");
      reactor.connectTCP("server.test", 7000, ClientFactory.of(() -> each));

      reactor.lastClientAttempt().connectTo(peer, Pump.builder().chunking(chunking)).flush();

      assertThat(each.text()).as("%s", chunking).isEqualTo("ok");
      assertThat(peer.isDone()).as("%s", chunking).isTrue();
    }
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void expectUntilOffersEachPrefixOnceHoweverTheBytesArrive() {
    List<Integer> offered = new ArrayList<>();
    ScriptedPeer peer = ScriptedPeer.on(reactor)
        .expectUntil("a blank line", b -> {
          offered.add(b.length);
          return new String(b, StandardCharsets.UTF_8).endsWith("\n\n");
        })
        .send("ok")
        .close()
        .build();
    client.onMade = c -> c.write("x: 1\ny: 2\n\n");

    connect().connectTo(peer, Pump.builder().chunking(Chunking.oneByte())).flush();

    assertThat(client.text()).isEqualTo("ok");
    assertThat(offered).as("each longer prefix once, not every prefix again per read")
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  }

  @Test
  void expectUntilFailsTheScriptOnceAPeerSendsMoreThanItSearches() {
    ScriptedPeer peer = ScriptedPeer.on(reactor)
        .expectUntil("the request head", b -> false)
        .build();
    client.onMade = c -> c.write("a".repeat(70_000));

    peer.answer(connect()).flush();

    assertThat(peer.failure().orElseThrow())
        .hasMessageContaining("(expectUntil the request head)")
        .hasMessageContaining(
            "no prefix of the 65536 bytes after byte 0 completed the request head")
        .hasMessageContaining("\"aaaa");
    reactor.takeCallbackErrors();
  }

  @Test
  void aWaitRunsOnTheReactorsClock() {
    ScriptedPeer peer = ScriptedPeer.on(reactor)
        .expect("?")
        .waitFor(Duration.ofSeconds(5))
        .send("late")
        .close()
        .build();
    client.onMade = c -> c.write("?");
    Pump pump = peer.answer(connect());
    pump.flush();

    reactor.advance(Duration.ofSeconds(4));
    pump.flush();
    assertThat(client.text()).isEmpty();
    assertThat(Leftovers.of(reactor)).extracting(Leftover::kind)
        .contains(Leftover.Kind.PENDING_CALLS, Leftover.Kind.SCRIPTED_PEERS);
    assertThat(reactor.pendingCalls()).singleElement()
        .satisfies(c -> assertThat(c.describe()).contains("step 2: waitFor PT5S"));

    reactor.advance(Duration.ofSeconds(1));
    pump.flush();
    assertThat(client.text()).isEqualTo("late");
    assertThat(peer.isDone()).isTrue();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aHalfClosedPeerStillReadsAndExpectEndWaitsForTheClientToClose() {
    ScriptedPeer peer = ScriptedPeer.on(reactor)
        .send("all of it")
        .halfClose()
        .expect("thanks")
        .expectEnd()
        .build();
    client.onReadEnded = c -> {
      c.write("thanks");
      c.close();
    };

    peer.answer(connect()).flush();

    assertThat(client.text()).isEqualTo("all of it");
    assertThat(client.readEnded).isTrue();
    assertThat(peer.isDone()).isTrue();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aResetEndsTheClientsConnectionWithConnectionLost() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).send("partial").reset().build();

    peer.answer(connect()).flush();

    assertThat(client.lost).isInstanceOf(ConnectionLostException.class);
    assertThat(peer.isDone()).isTrue();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aScriptThatDidNotRunToItsEndIsALeftoverNamingTheStepAndTheFix() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).named("db")
        .expect("SELECT 1;")
        .send("1")
        .build();
    client.onMade = c -> c.write("SELECT");
    Pump pump = peer.answer(connect());
    pump.flush();

    assertThat(Leftovers.of(reactor))
        .filteredOn(l -> l.kind() == Leftover.Kind.SCRIPTED_PEERS)
        .singleElement()
        .satisfies(l -> assertThat(l.description())
            .startsWith("scripted peer \"db\" stopped at step 1 of 2 (expect \"SELECT 1;\"): still"
                + " waiting for the code under test; received and not yet matched: \"SELECT\"")
            .contains("Fix: pump the connection"));
    assertThatThrownBy(peer::verify).hasMessageContaining("stopped at step 1 of 2");
    assertThatThrownBy(() -> Leftovers.assertClean(reactor))
        .hasMessageContaining("SCRIPTED_PEERS: scripted peer \"db\" stopped at step 1")
        .hasMessageContaining("A scripted peer must play its script to the end");

    client.close();
    pump.flush();
    assertThatThrownBy(peer::verify).hasMessageContaining("the connection ended first (dev.weft.reactor.ConnectionClosedException");
  }

  @Test
  void bytesTheScriptNeverReadAreALeftover() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).expect("a").build();
    client.onMade = c -> c.write("abc");
    Pump pump = peer.answer(connect());
    pump.flush();
    client.write("d");
    pump.flush();

    assertThat(peer.isDone()).isFalse();
    assertThatThrownBy(peer::verify)
        .hasMessageStartingWith(
            "scripted peer \"scripted peer\" received 3 bytes after its script ended, which no"
                + " step read: \"bcd\"");
    client.close();
    pump.flush();
    assertThat(Leftovers.of(reactor)).extracting(Leftover::kind)
        .containsExactly(Leftover.Kind.SCRIPTED_PEERS);
  }

  @Test
  void aPeerThatNeverConnectedIsALeftover() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).send("banner").build();

    assertThat(Leftovers.of(reactor)).singleElement()
        .satisfies(l -> assertThat(l.description()).contains("never connected")
            .contains("step 1 of 1: send \"banner\"")
            .contains("peer.answer(attempt)"));
    assertThat(peer.isDone()).isFalse();
    assertThat(peer.script()).containsExactly("send \"banner\"");
  }

  @Test
  void aPeerPlaysOnceAndASecondConnectionIsRefusedLoudly() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).close().build();
    peer.buildProtocol(new InetSocketAddress(1));

    assertThatThrownBy(() -> peer.buildProtocol(new InetSocketAddress(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build one peer per connection");
  }

  @Test
  void aStandalonePumpThrowsTheMismatch() {
    ScriptedPeer peer = ScriptedPeer.on(reactor).expect("x").build();
    client.onMade = c -> c.write("y");
    Pump pump = Pump.connect(peer.buildProtocol(new InetSocketAddress(1)), client);

    assertThatThrownBy(pump::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasCauseInstanceOf(AssertionError.class)
        .cause().hasMessageContaining("expected hex: 78").hasMessageContaining("actual hex:   79");
  }

  @Test
  void badArgumentsAreRejectedNamingTheArgumentAndValue() {
    ScriptedPeer.Builder b = ScriptedPeer.on(reactor);
    assertThatThrownBy(() -> b.expect(new byte[0])).hasMessageStartingWith("bytes must not be empty");
    assertThatThrownBy(() -> b.send("")).hasMessage("text must not be empty: \"\"");
    assertThatThrownBy(() -> b.named(" ")).hasMessage("name must not be blank: \" \"");
    assertThatThrownBy(() -> b.waitFor(Duration.ofSeconds(-1)))
        .hasMessage("duration must be positive: PT-1S");
    assertThatThrownBy(() -> b.expectLine("a\nb"))
        .hasMessage("line must not contain a line feed: \"a\\nb\"");
    assertThatThrownBy(() -> ScriptedPeer.on(null)).hasMessage("reactor");
    assertThatThrownBy(() -> b.halfClose().send("more"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot send after halfClose()");
    assertThatThrownBy(() -> b.close().expect("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot add expect \"late\" after close: that step ends the connection and"
            + " the script");
  }

  /** A client that writes when told, records what it reads, and closes when its input ends. */
  static final class Client extends BaseProtocol implements HalfCloseableProtocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Integer> chunkSizes = new ArrayList<>();
    Consumer<Client> onMade = c -> {};
    Consumer<Client> onReadEnded = Client::close;
    boolean readEnded;
    @Nullable ConnectionEndedException lost;

    @Override
    public void connectionMade() {
      onMade.accept(this);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      chunkSizes.add(data.remaining());
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      received.writeBytes(bytes);
    }

    @Override
    public void readConnectionLost() {
      readEnded = true;
      onReadEnded.accept(this);
    }

    @Override
    public void writeConnectionLost() {}

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost = reason;
    }

    void write(String text) {
      transport().write(text.getBytes(StandardCharsets.UTF_8));
    }

    void close() {
      transport().loseConnection();
    }

    String text() {
      return received.toString(StandardCharsets.UTF_8);
    }
  }
}
