package dev.weft.reactor.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.tls.DelegatedTasks;
import dev.weft.reactor.tls.TlsCertificateRejectedException;
import dev.weft.reactor.tls.TlsConfig;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Producers, delegated tasks and failures across the TLS layer, over an in-memory pump. */
class TlsLayerFlowTest {
  private static final TestCertificates CERTIFICATES = TlsLayerTest.CERTIFICATES;

  private final MemoryReactor reactor = new MemoryReactor();

  private Pump connect(TlsRecorder server, TlsRecorder client, TlsConfig clientConfig) {
    return Pump.builder().chunking(Chunking.coalesced()).connect(
        TlsLayer.wrap(server, CERTIFICATES.serverConfig(), reactor, null, -1),
        TlsLayer.wrap(client, clientConfig, reactor, "localhost", 10000));
  }

  private Pump connect(TlsRecorder server, TlsRecorder client) {
    return connect(server, client, CERTIFICATES.clientConfig());
  }

  @Test
  void aPushProducerIsPausedWhileTheCiphertextBacksUpAndResumedAsItDrains() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsChunks chunks = new TlsChunks(client, 1 << 20);
    client.onHandshake = p -> {
      p.tls().registerProducer(chunks, true);
      chunks.resumeProducing();
    };

    Pump pump = connect(server, client);
    pump.flush();

    assertThat(server.received.size()).isEqualTo(1 << 20);
    assertThat(chunks.events).contains("pause").endsWith("resume");
    assertThat(chunks.maxPending).isLessThan(128 * 1024);
  }

  @Test
  void aPushProducerRegisteredBeforeTheHandshakeIsPausedAboveTheMarkAndResumedAfterIt() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    TlsChunks chunks = new TlsChunks(client, 256 * 1024);
    client.onMade = p -> {
      p.tls().registerProducer(chunks, true);
      chunks.resumeProducing();
      assertThat(chunks.paused).as("paused before the handshake, above 64 KiB kept").isTrue();
    };

    connect(server, client).flush();

    assertThat(server.received.size()).isEqualTo(256 * 1024);
  }

  @Test
  void aPullProducerIsAskedForAChunkEachTimeTheCiphertextHasGone() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    int[] asked = new int[1];
    PullProducer pull = new PullProducer() {
      @Override
      public void resumeProducing() {
        asked[0]++;
        if (asked[0] <= 3) {
          client.write("chunk" + asked[0] + ";");
        } else {
          client.tls().unregisterProducer();
          client.tls().loseConnection();
        }
      }

      @Override
      public void stopProducing() {}
    };
    client.onMade = p -> p.tls().registerProducer(pull, false);

    connect(server, client).flush();

    assertThat(server.text()).isEqualTo("chunk1;chunk2;chunk3;");
    assertThat(server.lostReason).isExactlyInstanceOf(dev.weft.reactor.ConnectionClosedException.class);
  }

  @Test
  void delegatedTasksOnThePoolWaitForThePoolAndTheHandshakeGoesOnAfterwards() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onMade = p -> p.write("hello");
    TlsConfig pooled = CERTIFICATES.clientConfig().toBuilder().delegatedTasks(DelegatedTasks.THREAD_POOL).build();
    Pump pump = connect(server, client, pooled);
    pump.flush();
    assertThat(client.session).isNull();

    for (int round = 0; round < 10 && client.session == null; round++) {
      reactor.threadPool().runAll();
      reactor.iterate();
      pump.flush();
    }

    assertThat(client.session).isNotNull();
    assertThat(server.text()).isEqualTo("hello");
  }

  @Test
  void aProtocolThatThrowsInDataReceivedHasItsConnectionAborted() {
    TlsRecorder server = new TlsRecorder();
    server.onData = p -> {
      throw new IllegalStateException("boom");
    };
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> p.write("trigger");

    Pump pump = connect(server, client);

    assertThatThrownBy(pump::flush).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataReceived");
    assertThat(server.lostReason).isInstanceOf(ConnectionAbortedException.class)
        .hasRootCauseMessage("boom");
  }

  @Test
  void writingAfterTheConnectionEndedFailsLoudlyOnTheFakes() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    client.onHandshake = p -> p.tls().loseConnection();
    connect(server, client).flush();
    assertThat(client.isLost()).isTrue();

    assertThatThrownBy(() -> client.write("too late")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the transport was");
  }

  @Test
  void theHandshakeDeferredFailsWithTheReasonTheConnectionEnded() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    Deferred<TlsSession>[] handshake = new Deferred[1];
    client.onMade = p -> handshake[0] = p.tls().handshake();
    TlsConfig strangerTrust = TestCertificates.create().clientConfig();

    connect(server, client, strangerTrust).flush();

    assertThat(handshake[0]).isCompletedExceptionally();
    assertThatThrownBy(handshake[0]::join).hasCauseInstanceOf(TlsCertificateRejectedException.class);
  }

  @Test
  void theUnderlyingTransportIsTheOneTheLayerRunsOver() {
    TlsRecorder server = new TlsRecorder();
    TlsRecorder client = new TlsRecorder();
    Pump pump = connect(server, client);

    assertThat(client.tls().underlying()).isSameAs(pump.client().transport());
    assertThat(client.tls().peer()).isEqualTo(pump.client().transport().peer());
    assertThat(TlsLayer.unwrap(pump.client().protocol())).isSameAs(client);
  }
}
