package dev.weft.reactor.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsHandshakeException;
import dev.weft.reactor.tls.TlsHandshakeTimeoutException;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTruncatedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@code listenTLS} and {@code connectTLS} between hosts of a simulated network: routed like
 * TCP, a real handshake between two real TLS layers over the link, with its latency, window and
 * chunking.
 */
class TlsOverNetworkTest {
  private static final TestCertificates WEB = TestCertificates.create("web");

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.fixed(7),
        Chunking.random(1), Chunking.random(42));
  }

  private static Network network(Chunking chunking) {
    return Network.builder().seed(3).chunking(chunking).latency(Duration.ofMillis(10)).build();
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aRoutedConnectTlsRunsARealHandshakeOverTheLinkInAnyChunking(Chunking chunking) {
    Network network = network(chunking);
    Host web = network.host("web");
    Host app = network.host("app");
    TlsRecorder server = new TlsRecorder();
    server.onData = p -> {
      if (p.text().equals("ping")) {
        p.write("pong");
      }
    };
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> p.write("ping");
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), WEB.serverConfig());
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client), WEB.clientConfig());

    network.advance(Duration.ofMillis(20));
    assertThat(client.events).as("connected after one round trip").containsExactly("made");
    network.advance(Duration.ofMillis(19));
    assertThat(client.session).as("the server's flight is still on the link").isNull();
    network.advance(Duration.ofMillis(1));
    assertThat(client.session).as("TLS 1.3: one round trip after the connect").isNotNull();
    network.runUntilIdle();

    assertThat(server.text()).isEqualTo("ping");
    assertThat(client.text()).isEqualTo("pong");
    assertThat(client.events).containsExactly("made", "handshake", "data");
    TlsSession session = client.tls().session();
    assertThat(session).isNotNull();
    assertThat(session.protocol()).isEqualTo("TLSv1.3");
    assertThat(session.cipherSuite()).startsWith("TLS_");
    assertThat(session.peerCertificates().get(0)).isEqualTo(WEB.serverCertificate());
    assertThat(server.session.serverName()).as("SNI is the routed name").isEqualTo("web");
    assertThat(network.links()).hasSize(1);
    assertThat(app.reactor().connectTlsCalls()).hasSize(1);
    assertThat(web.reactor().listenTlsCalls()).hasSize(1);
  }

  @Test
  void anUntrustedServerCertificateFailsTheHandshakeWithTheTypedError() {
    Network network = network(Chunking.random(5));
    Host web = network.host("web");
    Host app = network.host("app");
    TestCertificates stranger = TestCertificates.create("web");
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), stranger.serverConfig());
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client), WEB.clientConfig());

    network.runUntilIdle();

    assertThat(client.lostReason).isInstanceOf(TlsCertificateRejectedException.class);
    assertThat(server.lostReason).isInstanceOf(TlsHandshakeException.class);
    assertThat(client.events).containsExactly("made", "lost:TlsCertificateRejectedException");
  }

  @Test
  void aCertificateForAnotherHostNameFailsTheHandshakeWithTheTypedError() {
    Network network = network(Chunking.coalesced());
    Host web = network.host("web");
    Host app = network.host("app");
    TestCertificates other = TestCertificates.create("other.example");
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), other.serverConfig());
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client), other.clientConfig());

    network.runUntilIdle();

    assertThat(client.lostReason).isInstanceOf(TlsCertificateRejectedException.class)
        .hasMessageContaining("web");
    assertThat(server.lostReason).isInstanceOf(TlsHandshakeException.class);
  }

  @Test
  void aTransferThroughTheLayerIsPausedByASmallWindowAndFinishes() {
    Network network = Network.builder().seed(9).chunking(Chunking.random(9))
        .latency(Duration.ofMillis(5)).window(8 * 1024).build();
    Host web = network.host("web");
    Host app = network.host("app");
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsChunks chunks = new TlsChunks(client, 1 << 20);
    client.onHandshake = p -> {
      p.tls().registerProducer(chunks, true);
      chunks.resumeProducing();
    };
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), WEB.serverConfig());
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client), WEB.clientConfig());

    network.runUntilIdle();

    assertThat(server.received.size()).isEqualTo(1 << 20);
    assertThat(chunks.events).contains("pause").endsWith("resume");
    assertThat(chunks.maxPending).as("the layer keeps a bounded backlog").isLessThan(128 * 1024);
    assertThat(network.links().get(0).toString()).isNotEmpty();
  }

  @Test
  void aPartitionMidHandshakeEndsInTheHandshakeTimeout() {
    Network network = network(Chunking.coalesced());
    Host web = network.host("web");
    Host app = network.host("app");
    TlsConfig clientConfig =
        WEB.clientConfig().toBuilder().handshakeTimeout(Duration.ofSeconds(3)).build();
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), WEB.serverConfig());
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client), clientConfig);
    network.advance(Duration.ofMillis(20));
    assertThat(client.events).containsExactly("made");

    network.partition(web, app);
    network.advance(Duration.ofSeconds(3));

    assertThat(client.session).isNull();
    assertThat(client.lostReason).isInstanceOf(TlsHandshakeTimeoutException.class);
    assertThat(((TlsHandshakeTimeoutException) client.lostReason).timeout())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aFaultOnTheServerTruncatesANetworkConnection() {
    Network network = network(Chunking.random(11));
    Host web = network.host("web");
    Host app = network.host("app");
    TlsRecorder server = new TlsRecorder();
    server.onHandshake = p -> {
      p.write("one");
      p.write("two");
      p.write("three");
    };
    TlsRecorder client = new TlsRecorder();
    web.reactor().listenTCP(443, TlsFault.truncateAfterRecords(2).onServer(
        TlsLayer.server(ProtocolFactory.of(() -> server), WEB.serverConfig(), web.reactor())));
    app.reactor().connectTLS("web", 443, ClientFactory.of(() -> client), WEB.clientConfig());

    network.runUntilIdle();

    assertThat(client.text()).isEqualTo("onetwo");
    assertThat(client.lostReason).isInstanceOf(TlsTruncatedException.class);
    assertThat(server.lostReason).isInstanceOf(TlsTruncatedException.class);
  }

  @Test
  void aFaultOnTheClientLosesAHandshakeFlightOnANetworkConnection() {
    Network network = network(Chunking.oneByte());
    Host web = network.host("web");
    Host app = network.host("app");
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    web.reactor().listenTLS(443, ProtocolFactory.of(() -> server), WEB.serverConfig());
    app.reactor().connectTCP("web", 443,
        TlsFault.failHandshakeAt(TlsFlight.CLIENT_FINISHED).onClient(TlsLayer.client(
            ClientFactory.of(() -> client), WEB.clientConfig(), app.reactor(), "web", 443)));

    network.runUntilIdle();

    assertThat(server.session).isNull();
    assertThat(server.lostReason).isInstanceOf(TlsHandshakeException.class);
    assertThat(client.lostReason).isInstanceOf(TlsHandshakeException.class);
  }

  @Test
  void aFaultOnTheWrongSideSaysWhichMethodToUse() {
    assertThatThrownBy(() -> TlsFault.failHandshakeAt(TlsFlight.CLIENT_HELLO)
            .onServer(ProtocolFactory.of(() -> new TlsRecorder())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use onClient");
    assertThatThrownBy(() -> TlsFault.truncateAfterRecords(1)
            .onClient(ClientFactory.of(() -> new TlsRecorder())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use onServer");
  }
}
