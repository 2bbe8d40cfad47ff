package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.PushProducer;
import dev.weft.reactor.WriteBufferLimitExceededException;
import org.junit.jupiter.api.Test;

/** Writability and the write buffer limit on the fakes, as the production reactor has them. */
class WritabilityTest {
  private final MemoryReactor reactor = new MemoryReactor();

  private MemoryConnection accept(RecordingProtocol protocol) {
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(
        7000 + reactor.tcpServers().size(), ProtocolFactory.of(() -> protocol));
    return port.accept();
  }

  @Test
  void crossingTheMarksIsReportedOnTheNextTurnNeverInsideWrite() {
    reactor.writeBufferWaterMarks(4, 8);
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);

    protocol.write("123456789");
    assertThat(protocol.t().isWritable()).isFalse();
    assertThat(protocol.events).containsExactly("made");
    reactor.iterate();
    assertThat(protocol.events).containsExactly("made", "writable:false");

    c.takeWritten();
    assertThat(protocol.t().isWritable()).isTrue();
    reactor.iterate();
    assertThat(protocol.events).containsExactly("made", "writable:false", "writable:true");
  }

  @Test
  void aChangeUndoneBeforeTheTurnIsReportedAsAPair() {
    reactor.writeBufferWaterMarks(4, 8);
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);

    protocol.write("123456789");
    c.takeWritten();
    reactor.iterate();

    assertThat(protocol.events).containsExactly("made", "writable:false", "writable:true");
  }

  @Test
  void aPushProducerIsPausedExactlyWhileTheTransportIsNotWritable() {
    RecordingTransport t = RecordingTransport.builder().lowWaterMark(2).highWaterMark(4).build();
    t.write(new byte[5]);
    t.takePending(2);
    assertThat(t.isWritable()).as("between the marks, still not writable").isFalse();

    boolean[] paused = {false};
    t.registerProducer(new PushProducer() {
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
    assertThat(paused[0]).isTrue();
    t.takePending(1);
    assertThat(paused[0]).isFalse();
    assertThat(t.isWritable()).isTrue();
  }

  @Test
  void writingPastTheLimitAbortsOnTheNextTurnWithTheLimitAndTheCount() {
    reactor.writeBufferLimit(100);
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);

    protocol.t().write(new byte[60]);
    protocol.t().write(new byte[41]);
    assertThat(protocol.t().isDisconnecting()).isTrue();
    assertThat(c.isOpen()).as("told on the next turn").isTrue();
    protocol.t().write(new byte[1]); // dropped: the protocol could not know
    reactor.iterate();

    assertThat(c.endReason()).isInstanceOfSatisfying(WriteBufferLimitExceededException.class, e -> {
      assertThat(e.limit()).isEqualTo(100);
      assertThat(e.bufferedBytes()).isEqualTo(101);
      assertThat(e).hasMessage("101 bytes buffered for writing exceed the write buffer limit of "
          + "100 bytes; the peer is not reading fast enough, so the connection was aborted");
    });
    assertThat(c.transport().isAborted()).isTrue();
    assertThat(c.transport().pendingBytes()).isZero();
  }

  @Test
  void aPumpedSideOverTheLimitIsAbortedAndItsPeerReset() {
    RecordingProtocol server = new RecordingProtocol();
    RecordingProtocol client = new RecordingProtocol();
    Pump pump = Pump.builder().writeBufferLimit(10).connect(server, client);

    client.write("01234567890");
    pump.flush();

    assertThat(client.lostReason).isInstanceOf(WriteBufferLimitExceededException.class);
    assertThat(server.events).containsExactly("made", "lost:ConnectionLostException");
  }

  @Test
  void aProducerCallbackThatThrowsIsRecordedAndAbortsTheConnection() {
    reactor.writeBufferWaterMarks(0, 1);
    RecordingProtocol protocol = new RecordingProtocol();
    MemoryConnection c = accept(protocol);
    IllegalStateException boom = new IllegalStateException("cannot pause");
    protocol.t().registerProducer(new PushProducer() {
      @Override
      public void pauseProducing() {
        throw boom;
      }

      @Override
      public void resumeProducing() {}

      @Override
      public void stopProducing() {}
    }, true);

    protocol.write("xy");
    reactor.iterate();

    assertThat(reactor.takeCallbackErrors()).singleElement()
        .satisfies(e -> assertThat(e.error()).isSameAs(boom));
    assertThat(c.endReason()).isInstanceOf(ConnectionAbortedException.class).hasCause(boom);
  }

  @Test
  void settingsAreCheckedAsTheProductionReactorChecksThem() {
    assertThatThrownBy(() -> reactor.writeBufferWaterMarks(10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lowWaterMark must not exceed highWaterMark: 10 > 5");
    assertThatThrownBy(() -> reactor.writeBufferLimit(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writeBufferLimit must not be negative: -1");
    assertThatThrownBy(() -> RecordingTransport.builder().writeBufferLimit(-2))
        .hasMessage("writeBufferLimit must not be negative: -2");
    assertThatThrownBy(() -> Pump.builder().writeBufferWaterMarks(-1, 5))
        .hasMessage("lowWaterMark must not be negative: -1");
  }

  @Test
  void takingPartOfAWriteLeavesTheRestPending() {
    RecordingTransport t = RecordingTransport.create();
    t.write(new byte[] {1, 2, 3});
    t.write(new byte[] {4});

    assertThat(t.takePending(2)).containsExactly(new byte[] {1, 2});
    assertThat(t.pendingBytes()).isEqualTo(2);
    assertThat(t.takePending(10)).containsExactly(new byte[] {3}, new byte[] {4});
  }
}
