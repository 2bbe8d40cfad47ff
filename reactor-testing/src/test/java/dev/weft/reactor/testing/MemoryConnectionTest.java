package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ProtocolFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

class MemoryConnectionTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final RecordingProtocol protocol = new RecordingProtocol();
  private final RecordingProtocol.HalfCloseable halfCloseable = new RecordingProtocol.HalfCloseable();

  private MemoryConnection accept(RecordingProtocol p) {
    MemoryListeningPort port =
        (MemoryListeningPort) reactor.listenTCP(8080 + reactor.tcpServers().size(), ProtocolFactory.of(() -> p));
    return port.accept(new InetSocketAddress("192.0.2.9", 5555));
  }

  @Test
  void receiveDeliversBytesAndWrittenShowsTheReply() {
    protocol.onData = (p, text) -> p.write("echo:" + text);
    MemoryConnection c = accept(protocol);
    c.receive("hi");
    assertThat(protocol.events).containsExactly("made", "data:hi");
    assertThat(c.writtenText()).isEqualTo("echo:hi");
    assertThat(c.takeWrittenText()).isEqualTo("echo:hi");
    assertThat(c.written()).isEmpty();
  }

  @Test
  void closeGivesAConnectionClosedReason() {
    MemoryConnection c = accept(protocol);
    c.close();
    assertThat(protocol.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(c.isOpen()).isFalse();
    assertThat(c.transport().isDisconnected()).isTrue();
    assertThat(reactor.openConnections()).isEmpty();
  }

  @Test
  void loseGivesAConnectionLostReason() {
    MemoryConnection c = accept(protocol);
    ConnectionLostException reset = new ConnectionLostException("reset by peer");
    c.lose(reset);
    assertThat(protocol.lostReason).isSameAs(reset);
    MemoryConnection other = accept(new RecordingProtocol());
    other.lose();
    assertThat(other.endReason()).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void abortGivesAConnectionAbortedReason() {
    MemoryConnection c = accept(protocol);
    c.abort();
    assertThat(c.endReason()).isInstanceOf(ConnectionAbortedException.class);
  }

  @Test
  void addressesAreReadableInConnectionLost() {
    SocketAddress[] seen = new SocketAddress[2];
    protocol.onLost = p -> {
      seen[0] = p.t().host();
      seen[1] = p.t().peer();
    };
    MemoryConnection c = accept(protocol);
    c.close();
    assertThat(seen[0]).isEqualTo(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 8080));
    assertThat(seen[1]).isEqualTo(new InetSocketAddress("192.0.2.9", 5555));
  }

  @Test
  void halfCloseTellsAHalfCloseableProtocolWhichCanStillWrite() {
    MemoryConnection c = accept(halfCloseable);
    c.halfClose();
    assertThat(halfCloseable.events).containsExactly("made", "readLost");
    halfCloseable.write("bye");
    assertThat(c.writtenText()).isEqualTo("bye");
    assertThat(c.isOpen()).isTrue();
    assertThatThrownBy(() -> c.receive("more"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("half-closed");
  }

  @Test
  void halfCloseOfAnOrdinaryProtocolIsACleanClose() {
    MemoryConnection c = accept(protocol);
    c.halfClose();
    assertThat(protocol.lostReason).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void bothHalvesClosedEndTheConnectionCleanly() {
    MemoryConnection c = accept(halfCloseable);
    c.halfClose();
    halfCloseable.t().loseWriteConnection();
    reactor.iterate();
    assertThat(halfCloseable.events).containsExactly("made", "readLost", "writeLost", "lost:ConnectionClosedException");
  }

  @Test
  void protocolLoseConnectionTakesEffectOnTheNextTurn() {
    protocol.onData = (p, text) -> p.t().loseConnection();
    MemoryConnection c = accept(protocol);
    c.receive("quit");
    assertThat(c.transport().isDisconnecting()).isTrue();
    assertThat(c.isOpen()).as("not inside loseConnection").isTrue();
    reactor.iterate();
    assertThat(protocol.lostReason).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void protocolAbortEndsWithConnectionAbortedOnTheNextTurn() {
    MemoryConnection c = accept(protocol);
    protocol.t().abortConnection();
    reactor.iterate();
    assertThat(c.endReason()).isInstanceOf(ConnectionAbortedException.class);
  }

  @Test
  void protocolWriteCloseTellsAHalfCloseableProtocol() {
    MemoryConnection c = accept(halfCloseable);
    halfCloseable.t().loseWriteConnection();
    reactor.iterate();
    assertThat(halfCloseable.events).containsExactly("made", "writeLost");
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void throwingDataReceivedIsRecordedAndAbortsWithTheCause() {
    IllegalArgumentException bad = new IllegalArgumentException("bad frame");
    protocol.onData = (p, text) -> {
      throw bad;
    };
    MemoryConnection c = accept(protocol);
    c.receive("x");
    assertThat(c.endReason()).isInstanceOf(ConnectionAbortedException.class).hasCause(bad);
    assertThat(reactor.callbackErrors()).singleElement().satisfies(e -> {
      assertThat(e.error()).isSameAs(bad);
      assertThat(e.context()).contains("dataReceived").contains("port 8080");
    });
  }

  @Test
  void throwingConnectionLostIsRecordedOnly() {
    protocol.onLost = p -> {
      throw new IllegalStateException("cleanup failed");
    };
    MemoryConnection c = accept(protocol);
    c.close();
    assertThat(c.endReason()).isInstanceOf(ConnectionClosedException.class);
    assertThat(reactor.takeCallbackErrors()).hasSize(1);
    assertThat(reactor.callbackErrors()).isEmpty();
  }

  @Test
  void endedConnectionRejectsPeerActions() {
    MemoryConnection c = accept(protocol);
    c.close();
    assertThatThrownBy(() -> c.receive("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already ended");
    assertThatThrownBy(c::close).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(c::abort).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keptReceiveBufferIsUseless() {
    java.nio.ByteBuffer[] kept = new java.nio.ByteBuffer[1];
    MemoryConnection c = accept(new RecordingProtocol() {
      @Override
      public void dataReceived(java.nio.ByteBuffer data) {
        kept[0] = data;
      }
    });
    c.receive("secret");
    assertThat(kept[0].hasRemaining()).isFalse();
  }

  @Test
  void producerPausedByWritesIsResumedWhenTheTestTakesThem() {
    MemoryConnection c = accept(protocol);
    boolean[] paused = {false};
    protocol.t().registerProducer(new dev.weft.reactor.PushProducer() {
      @Override
      public void pauseProducing() {
        paused[0] = true;
      }

      @Override
      public void resumeProducing() {
        paused[0] = false;
      }

      @Override
      public void stopProducing() {}
    }, true);
    protocol.t().write(new byte[(int) RecordingTransport.DEFAULT_HIGH_WATER_MARK + 1]);
    assertThat(paused[0]).isTrue();
    c.takeWritten();
    assertThat(paused[0]).isFalse();
  }
}
