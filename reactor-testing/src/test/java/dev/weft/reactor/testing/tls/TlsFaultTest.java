package dev.weft.reactor.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsHandshakeException;
import dev.weft.reactor.tls.TlsHandshakeListener;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsRole;
import dev.weft.reactor.tls.TlsSession;
import dev.weft.reactor.tls.TlsTruncatedException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** TLS faults between two real TLS layers in memory: lost handshake flights, truncated streams. */
class TlsFaultTest {
  private static final TestCertificates CERTIFICATES = TlsLayerTest.CERTIFICATES;

  private final MemoryReactor reactor = new MemoryReactor();
  private final TlsRecorder server = new TlsRecorder();
  private final TlsRecorder client = new TlsRecorder();

  private Pump pump(TlsFault fault, Chunking policy) {
    return fault.applyTo(Pump.builder().chunking(policy)).connect(
        TlsLayer.wrap(server, CERTIFICATES.serverConfig(), reactor, null, -1),
        TlsLayer.wrap(client, CERTIFICATES.clientConfig(), reactor, "localhost", 10000));
  }

  static Stream<Chunking> chunkings() {
    return Stream.of(Chunking.coalesced(), Chunking.oneByte(),
        Chunking.random(7));
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aLostClientHelloFailsTheHandshakeOnBothSides(Chunking policy) {
    pump(TlsFault.failHandshakeAt(TlsFlight.CLIENT_HELLO), policy).flush();

    assertThat(server.lostReason).isExactlyInstanceOf(TlsHandshakeException.class);
    assertThat(client.lostReason).isExactlyInstanceOf(TlsHandshakeException.class);
    assertThat(server.events).containsExactly("made", "lost:TlsHandshakeException");
    assertThat(client.events).containsExactly("made", "lost:TlsHandshakeException");
    assertThat(reactor.pendingCalls()).as("the handshake timers are cancelled").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aLostServerFlightFailsTheHandshakeRightAfterTheClientHello(Chunking policy) {
    Pump pump = pump(TlsFault.failHandshakeAt(TlsFlight.SERVER_HELLO), policy);
    pump.flush();

    assertThat(pump.server().written()).as("the server's flight never left it").isEmpty();
    assertThat(server.lostReason).isExactlyInstanceOf(TlsHandshakeException.class);
    assertThat(client.lostReason).isExactlyInstanceOf(TlsHandshakeException.class);
    assertThat(client.events).doesNotContain("handshake");
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void aLostClientFinishedFailsTheHandshakeRightAfterTheServersFlight(Chunking policy) {
    Pump pump = pump(TlsFault.failHandshakeAt(TlsFlight.CLIENT_FINISHED), policy);
    pump.flush();

    assertThat(pump.server().written()).as("the server sent its flight").isNotEmpty();
    assertThat(server.lostReason).isExactlyInstanceOf(TlsHandshakeException.class);
    assertThat(server.events).doesNotContain("handshake");
    // The client's side depends on how the server's flight arrived: read in pieces, the client
    // began its flight mid-handshake and fails it; read whole (coalesced, as TCP often does), a
    // TLS 1.3 client finished its handshake on sending Finished and sees a truncated connection.
    assertThat(client.lostReason)
        .isInstanceOfAny(TlsHandshakeException.class, TlsTruncatedException.class);
    if (client.lostReason instanceof TlsHandshakeException) {
      assertThat(client.events).doesNotContain("handshake");
    }
  }

  @ParameterizedTest
  @MethodSource("chunkings")
  void truncatingAfterTwoRecordsDeliversTwoAndEndsWithATruncation(Chunking policy) {
    server.onHandshake = p -> {
      p.write("one;");
      p.write("two;");
      p.write("three;");
    };

    pump(TlsFault.truncateAfterRecords(2), policy).flush();

    assertThat(client.text()).isEqualTo("one;two;");
    assertThat(client.lostReason).isExactlyInstanceOf(TlsTruncatedException.class);
    assertThat(server.lostReason).isExactlyInstanceOf(TlsTruncatedException.class);
  }

  @Test
  void truncatingAfterZeroRecordsLetsTheHandshakeThroughAndNothingElse() {
    client.onHandshake = p -> p.write("request");
    server.onData = p -> p.write("response");

    pump(TlsFault.truncateAfterRecords(0), Chunking.coalesced()).flush();

    assertThat(server.text()).isEqualTo("request");
    assertThat(client.events).containsExactly("made", "handshake", "lost:TlsTruncatedException");
  }

  @Test
  void theClientsRecordsCanBeCountedInstead() {
    client.onHandshake = p -> {
      p.write("a");
      p.write("b");
    };

    pump(TlsFault.truncateAfterRecords(TlsRole.CLIENT, 1), Chunking.coalesced()).flush();

    assertThat(server.text()).isEqualTo("a");
    assertThat(server.lostReason).isExactlyInstanceOf(TlsTruncatedException.class);
  }

  @Test
  void aFaultAppliesToARecordedTlsAttemptInOneLine() {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTLS(443,
        ProtocolFactory.of(() -> new Writer()), CERTIFICATES.serverConfig());
    reactor.connectTLS("localhost", 443, peer -> client,
        CERTIFICATES.clientConfig());
    ClientAttempt attempt = reactor.lastClientAttempt();

    TlsFault.truncateAfterRecords(1).connectTo(attempt, port).flush();

    assertThat(client.received.toByteArray()).containsExactly(1);
    assertThat(client.lostReason).isExactlyInstanceOf(TlsTruncatedException.class);
  }

  /** Writes two bytes, in two writes, once its handshake completed: two records. */
  private static final class Writer extends BaseProtocol implements TlsHandshakeListener {
    @Override
    public void handshakeCompleted(TlsSession session) {
      transport().write(new byte[] {1});
      transport().write(new byte[] {2});
    }

    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @Test
  void aFaultPrintsItself() {
    assertThat(TlsFault.failHandshakeAt(TlsFlight.SERVER_HELLO))
        .hasToString("TlsFault.failHandshakeAt(SERVER_HELLO)")
        .isEqualTo(TlsFault.failHandshakeAt(TlsFlight.SERVER_HELLO));
    assertThat(TlsFault.truncateAfterRecords(3))
        .hasToString("TlsFault.truncateAfterRecords(SERVER, 3)");
    assertThat(TlsFault.failHandshakeAt(TlsFlight.CLIENT_HELLO).side()).isEqualTo(TlsRole.CLIENT);
  }

  @Test
  void misuseFailsWithTheFix() {
    assertThatThrownBy(() -> TlsFault.truncateAfterRecords(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("records must not be negative: -1");
    assertThatThrownBy(() -> TlsFault.truncateAfterRecords(1).wrap(server))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applies to a TLS layer");
  }

  @Test
  void aCertificateFailureIsNotMistakenForAFault() {
    // Without a fault, the same pump and an untrusted certificate give the certificate reason:
    // the faults' reasons come from the cut, not from anything the fault makes up.
    TlsRecorder stranger = new TlsRecorder();
    Pump.connect(
        TlsLayer.wrap(stranger, TestCertificates.create().serverConfig(), reactor, null, -1),
        TlsLayer.wrap(client, CERTIFICATES.clientConfig(), reactor, "localhost", 10000)).flush();
    assertThat(client.lostReason).isInstanceOf(TlsCertificateRejectedException.class);
  }
}
