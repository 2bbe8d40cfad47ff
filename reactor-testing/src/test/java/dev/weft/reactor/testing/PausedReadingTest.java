package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ProtocolFactory;
import org.junit.jupiter.api.Test;

/** A transport paused as a producer reads nothing; what the peer sends waits, in order. */
class PausedReadingTest {
  private final MemoryReactor reactor = new MemoryReactor();

  private MemoryConnection accept(RecordingProtocol protocol) {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(
        7000 + reactor.tcpServers().size(), ProtocolFactory.of(() -> protocol));
    return port.accept();
  }

  @Test
  void bytesSentWhilePausedArriveOnTheTurnAfterResumingNotInsideIt() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);
    protocol.t().pauseProducing();

    c.receive("a").receive("bc");
    assertThat(protocol.events).containsExactly("made");
    assertThat(c.unreadBytes()).isEqualTo(3);
    assertThat(c.transport().isReadingPaused()).isTrue();

    protocol.t().resumeProducing();
    assertThat(protocol.events).as("nothing inside resumeProducing").containsExactly("made");
    reactor.iterate();

    // What arrived while paused is read at once on resuming: one read, as TCP coalesces it.
    assertThat(protocol.events).containsExactly("made", "data:abc");
    assertThat(c.unreadBytes()).isZero();
  }

  @Test
  void theEndOfTheStreamWaitsBehindTheBytes() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);
    protocol.t().pauseProducing();

    c.receive("last");
    c.close();
    assertThat(c.isOpen()).as("a paused transport does not see the end").isTrue();
    assertThatThrownBy(() -> c.receive("more"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the peer already ended it");

    protocol.t().resumeProducing();
    reactor.iterate();

    assertThat(protocol.events)
        .containsExactly("made", "data:last", "lost:ConnectionClosedException");
  }

  @Test
  void aResetWaitsToo() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);
    protocol.t().pauseProducing();

    c.lose();
    assertThat(c.isOpen()).isTrue();
    protocol.t().resumeProducing();
    reactor.iterate();

    assertThat(c.endReason()).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void aHalfCloseWaitsAndNoMoreBytesMayFollowIt() {
    RecordingProtocol.HalfCloseable protocol = new RecordingProtocol.HalfCloseable();
    MemoryConnection c = accept(protocol);
    protocol.t().pauseProducing();

    c.halfClose();
    assertThat(c.isReadClosed()).isFalse();
    assertThatThrownBy(() -> c.receive("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already half-closed");
    protocol.t().resumeProducing();
    reactor.iterate();

    assertThat(c.isReadClosed()).isTrue();
    assertThat(protocol.events).containsExactly("made", "readLost");
  }

  @Test
  void pausingInsideDataReceivedHoldsWhatFollows() {
    RecordingProtocol protocol = new RecordingProtocol();
    protocol.onData = (p, text) -> {
      if (text.equals("stop")) {
        p.t().pauseProducing();
      }
    };
    MemoryConnection c = accept(protocol);

    c.receive("stop").receive("after");

    assertThat(protocol.events).containsExactly("made", "data:stop");
    assertThat(c.unreadBytes()).isEqualTo(5);
  }

  @Test
  void aClosingTransportReadsNothingMore() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);
    protocol.t().loseConnection();

    c.receive("ignored");
    reactor.iterate();

    assertThat(protocol.events).containsExactly("made", "lost:ConnectionClosedException");
  }

  @Test
  void stopProducingClosesLikeLoseConnection() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);

    protocol.t().stopProducing();
    assertThat(c.transport().isCloseRequested()).isTrue();
    reactor.iterate();

    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void resumingATransportThatReadsDoesNothing() {
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);

    protocol.t().resumeProducing();
    c.receive("x");

    assertThat(protocol.events).containsExactly("made", "data:x");
  }

  @Test
  void aPumpedReaderThatPausesFillsItsReceiveBufferAndThenTheWriterBacksUp() {
    RecordingProtocol server = new RecordingProtocol();
    RecordingProtocol client = new RecordingProtocol();
    Pump pump = Pump.builder().receiveBufferSize(10).connect(server, client);
    server.t().pauseProducing();

    client.write("0123456789abcdef");
    pump.flush();

    assertThat(pump.server().unreadBytes()).isEqualTo(10);
    assertThat(client.t().pendingBytes()).isEqualTo(6);
    assertThat(server.events).containsExactly("made");

    server.t().resumeProducing();
    pump.flush();

    assertThat(server.receivedText()).isEqualTo("0123456789abcdef");
    assertThat(client.t().pendingBytes()).isZero();
  }

  @Test
  void aWriterClosingTowardAPausedReaderClosesOnceItsBytesFitTheReceiveBuffer() {
    RecordingProtocol server = new RecordingProtocol();
    RecordingProtocol client = new RecordingProtocol();
    Pump pump = Pump.connect(server, client);
    server.t().pauseProducing();

    client.write("bye");
    client.t().loseConnection();
    pump.flush();

    assertThat(client.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(pump.server().isOpen()).isTrue();
    server.t().resumeProducing();
    pump.flush();
    assertThat(server.events).containsExactly("made", "data:bye", "lost:ConnectionClosedException");
  }

  @Test
  void receiveBufferSizeMustNotBeNegative() {
    assertThatThrownBy(() -> Pump.builder().receiveBufferSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("receiveBufferSize must not be negative: -1");
  }
}
