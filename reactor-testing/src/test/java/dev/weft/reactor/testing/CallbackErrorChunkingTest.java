package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.testing.tls.FakeTls;
import dev.weft.reactor.testing.tls.TestCertificates;
import dev.weft.reactor.tls.TlsSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * On every path into a protocol (bytes the test feeds by hand to a completed attempt or an
 * accepted connection, TCP, UNIX or TLS; a pump; a link of the simulated network), a callback
 * that throws is recorded with the chunking that cut the reads, as the expression that replays
 * it, and the network's seed where there is one; the dirty-reactor report quotes the same. The
 * protocol under test throws on its second read, so each failure depends on the cut.
 */
class CallbackErrorChunkingTest {
  private static final String SIXTEEN = "0123456789abcdef";

  /** Reads until its second read, which throws. */
  static final class ThrowsOnSecondRead extends BaseProtocol {
    final StringBuilder read = new StringBuilder();
    int reads;
    @Nullable ConnectionEndedException lost;

    @Override
    public void dataReceived(ByteBuffer data) {
      if (++reads == 2) {
        throw new IllegalStateException("second read");
      }
      read.append(StandardCharsets.UTF_8.decode(data));
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost = reason;
    }
  }

  /** Writes each of its texts on connection, one write each. */
  static final class Writes extends BaseProtocol {
    private final List<String> texts;

    Writes(String... texts) {
      this.texts = List.of(texts);
    }

    @Override
    public void connectionMade() {
      for (String text : texts) {
        transport().write(text.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      // Nothing comes back.
    }
  }

  private static void assertOneErrorNaming(MemoryReactor reactor, String... parts) {
    assertThat(reactor.callbackErrors()).singleElement().satisfies(e -> {
      assertThat(e.error()).hasMessage("second read");
      assertThat(e.context()).contains("dataReceived");
      for (String part : parts) {
        assertThat(e.context()).contains(part);
      }
    });
    assertThatThrownBy(() -> Leftovers.assertClean(reactor))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CALLBACK_ERRORS")
        .hasMessageContaining(parts[parts.length - 1]);
  }

  @Test
  void aCompletedAttemptPlayedByHandNamesTheReactorsChunkingWithItsSeed() {
    MemoryReactor reactor = new MemoryReactor().chunking(Chunking.random(7));
    ThrowsOnSecondRead client = new ThrowsOnSecondRead();
    reactor.connectTCP("example.com", 80, ClientFactory.of(() -> client));
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    connection.receive(SIXTEEN);

    assertThat(connection.endReason()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(client.read.length()).as("the first read, cut by the seed").isBetween(1, 15);
    assertOneErrorNaming(reactor, "with Chunking.random(7L)");
  }

  @Test
  void anAcceptedConnectionPlayedByHandNamesTheChunking() {
    MemoryReactor reactor = new MemoryReactor().chunking(Chunking.oneByte());
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(8080, ProtocolFactory.of(() -> server));

    port.accept().receive("ab");

    assertThat(server.read).hasToString("a");
    assertThat(reactor.callbackErrors()).singleElement()
        .extracting(CallbackError::context).asString()
        .startsWith("dataReceived of ").endsWith(" with Chunking.oneByte()");
    assertOneErrorNaming(reactor, "with Chunking.oneByte()");
  }

  @Test
  void theDefaultCoalescingIsNamedTooWhenTwoReceivesMakeTwoReads() {
    MemoryReactor reactor = new MemoryReactor();
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(8080, ProtocolFactory.of(() -> server));

    port.accept().receive("a").receive("b");

    assertOneErrorNaming(reactor, "with Chunking.coalesced()");
  }

  @Test
  void aUnixConnectionPlayedByHandNamesTheChunking() {
    MemoryReactor reactor = new MemoryReactor().chunking(Chunking.fixed(2));
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenUNIX(Path.of("app.sock"),
        ProtocolFactory.of(() -> server));

    port.accept().receive("abcd");

    assertThat(server.read).hasToString("ab");
    assertOneErrorNaming(reactor, "with Chunking.fixed(2)");
  }

  @Test
  void aTlsConnectionPlayedByHandNamesTheChunkingOfTheBytesUnderneath() {
    MemoryReactor reactor = new MemoryReactor().chunking(Chunking.oneByte());
    FakeTls tls = FakeTls.create();
    ThrowsOnSecondRead client = new ThrowsOnSecondRead();
    reactor.connectTLS("example.com", 443, ClientFactory.of(() -> client), tls.clientConfig());
    MemoryConnection connection = reactor.lastClientAttempt().connect();
    tls.lastHandshake().complete(connection, TlsSession.builder().build());

    connection.receive("ab");

    assertThat(client.read).hasToString("a");
    assertOneErrorNaming(reactor, "with Chunking.oneByte()");
  }

  @Test
  void aChangeOfTheReactorsChunkingLeavesAnOpenConnectionsPolicyAndItsReport() {
    MemoryReactor reactor = new MemoryReactor().chunking(Chunking.oneByte());
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(8080, ProtocolFactory.of(() -> server));
    MemoryConnection connection = port.accept();

    reactor.chunking(Chunking.fixed(5));
    connection.receive("ab");

    assertThat(connection.chunking()).isEqualTo(Chunking.oneByte());
    assertOneErrorNaming(reactor, "with Chunking.oneByte()");
  }

  @Test
  void aPumpBetweenReactorsNamesItsChunkingAndStep() {
    MemoryReactor serverReactor = new MemoryReactor();
    MemoryReactor clientReactor = new MemoryReactor();
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    MemoryListeningPort port =
        (MemoryListeningPort) serverReactor.listenTCP(7000, ProtocolFactory.of(() -> server));
    clientReactor.connectTCP("s", 7000, ClientFactory.of(() -> new Writes(SIXTEEN)));

    clientReactor.lastClientAttempt()
        .connectTo(port, Pump.builder().chunking(Chunking.random(3))).flush();

    assertOneErrorNaming(serverReactor, "during pump step 1", "with Chunking.random(3L)");
    assertThat(clientReactor.callbackErrors()).isEmpty();
  }

  @Test
  void aStandalonePumpThrowsNamingTheChunking() {
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    Pump pump = Pump.builder().chunking(Chunking.fixed(3)).connect(server, new Writes("abcdef"));

    assertThatThrownBy(pump::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataReceived of pumped server connection with Chunking.fixed(3)")
        .hasMessageContaining("Replay with the same policy")
        .hasRootCauseMessage("second read");
    assertThat(server.read).hasToString("abc");
  }

  @Test
  void aNetworkLinkNamesTheSeedAndTheChunkingOnce() {
    Network network = Network.builder().seed(11).chunking(Chunking.oneByte()).build();
    Host web = network.host("web");
    Host app = network.host("app");
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> server));
    app.reactor().connectTCP("web", 80, ClientFactory.of(() -> new Writes("ab")));

    network.runUntilIdle();

    assertThat(server.read).hasToString("a");
    assertOneErrorNaming(web.reactor(), "link app -> web", "(Network seed 11L, Chunking.oneByte())");
    assertThat(web.reactor().callbackErrors().get(0).context())
        .as("the policy is named once").containsOnlyOnce("Chunking.oneByte()");
  }

  @Test
  void aUnixConnectionOnAHostNamesTheSeedAndTheChunking() {
    Network network = Network.builder().seed(12).chunking(Chunking.fixed(1)).build();
    Host box = network.host("box");
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    box.reactor().listenUNIX(Path.of("app.sock"), ProtocolFactory.of(() -> server));
    box.reactor().connectUNIX(Path.of("app.sock"), ClientFactory.of(() -> new Writes("ab")));

    network.runUntilIdle();

    assertOneErrorNaming(box.reactor(), "local link on box", "(Network seed 12L, Chunking.fixed(1))");
  }

  @Test
  void tlsOverANetworkLinkNamesTheSeedAndTheChunking() {
    TestCertificates certificates = TestCertificates.create("web");
    Network network = Network.builder().seed(13).chunking(Chunking.random(13)).build();
    Host web = network.host("web");
    Host app = network.host("app");
    ThrowsOnSecondRead server = new ThrowsOnSecondRead();
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), certificates.serverConfig());
    // More than one TLS record (16 KiB at most each), so the server reads it in several reads.
    String page = "x".repeat(40_000);
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> new Writes(page)),
        certificates.clientConfig());

    network.runUntilIdle();

    assertThat(server.read.length()).isBetween(1, page.length() - 1);
    assertOneErrorNaming(web.reactor(), "(Network seed 13L, Chunking.random(13L))");
  }
}
