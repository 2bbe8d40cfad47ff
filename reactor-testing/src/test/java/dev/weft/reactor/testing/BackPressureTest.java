package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** Producers paced by the fakes as the production transport paces them. */
class BackPressureTest {

  /** Writes a chunk each time it is resumed, until paused. */
  private static final class ChunkProducer implements PushProducer {
    private final RecordingProtocol protocol;
    boolean paused;
    boolean stopped;
    int chunks;

    ChunkProducer(RecordingProtocol protocol) {
      this.protocol = protocol;
    }

    void produceUntilPaused(int max) {
      while (!paused && chunks < max) {
        chunks++;
        protocol.write("x".repeat(1000));
      }
    }

    @Override
    public void pauseProducing() {
      paused = true;
    }

    @Override
    public void resumeProducing() {
      paused = false;
    }

    @Override
    public void stopProducing() {
      stopped = true;
    }
  }

  @Test
  void pumpDrainingTheTransportResumesAPausedProducer() {
    RecordingProtocol server = new RecordingProtocol();
    RecordingProtocol client = new RecordingProtocol();
    Pump pump = Pump.connect(server, client);
    ChunkProducer producer = new ChunkProducer(server);
    server.t().registerProducer(producer, true);
    producer.produceUntilPaused(1000);
    assertThat(producer.paused).isTrue();
    assertThat(producer.chunks).isEqualTo(66);
    pump.pump();
    assertThat(producer.paused).isFalse();
    assertThat(client.received.size())
        .as("one step carries one receive buffer")
        .isEqualTo((int) Pump.DEFAULT_RECEIVE_BUFFER_SIZE);
    pump.pump();
    assertThat(client.received.size()).isEqualTo(66_000);
  }

  @Test
  void cleanCloseInTestPeerModeWaitsForAPullProducer() {
    MemoryReactor reactor = new MemoryReactor();
    RecordingProtocol protocol = new RecordingProtocol();
    reactor.connectTCP("h", 1, ClientFactory.of(() -> protocol));
    MemoryConnection c = reactor.lastClientAttempt().connect();
    PullProducer producer = mock(PullProducer.class);
    protocol.t().registerProducer(producer, false);
    protocol.t().loseConnection();
    reactor.iterate();
    assertThat(c.isOpen()).isTrue();
    protocol.t().unregisterProducer();
    reactor.iterate();
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    verify(producer, never()).stopProducing();
  }

  @Test
  void cleanCloseInTestPeerModeStopsAPushProducer() {
    MemoryReactor reactor = new MemoryReactor();
    RecordingProtocol protocol = new RecordingProtocol();
    reactor.connectTCP("h", 1, ClientFactory.of(() -> protocol));
    MemoryConnection c = reactor.lastClientAttempt().connect();
    ChunkProducer producer = new ChunkProducer(protocol);
    protocol.t().registerProducer(producer, true);
    protocol.t().loseConnection();
    reactor.iterate();
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(producer.stopped).isTrue();
  }

  @Test
  void endOfConnectionStopsARegisteredProducer() {
    MemoryReactor reactor = new MemoryReactor();
    RecordingProtocol protocol = new RecordingProtocol();
    reactor.connectTCP("h", 1, ClientFactory.of(() -> protocol));
    MemoryConnection c = reactor.lastClientAttempt().connect();
    PushProducer producer = mock(PushProducer.class);
    protocol.t().registerProducer(producer, true);
    protocol.t().write(new byte[(int) RecordingTransport.DEFAULT_HIGH_WATER_MARK + 1]);
    c.lose();
    InOrder order = inOrder(producer);
    order.verify(producer).pauseProducing();
    order.verify(producer).stopProducing();
  }
}
