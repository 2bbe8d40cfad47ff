package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.Producer;
import dev.weft.reactor.PullProducer;
import dev.weft.reactor.PushProducer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class RecordingTransportTest {
  private final RecordingTransport transport = RecordingTransport.create();

  @Test
  void writesOfEverySizeKeepTheirBytesWhateverIsTakenBetweenThem() {
    RecordingTransport t = RecordingTransport.create();
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream taken = new java.io.ByteArrayOutputStream();
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    byte next = 0;
    for (int i = 0; i < 400; i++) {
      // Sizes across the slab threshold (1 KiB) and past slab ends; some from a heap buffer
      // with an offset, some direct, some arrays the caller then overwrites.
      byte[] data = new byte[1 + random.nextInt(i % 7 == 0 ? 3000 : 300)];
      for (int j = 0; j < data.length; j++) {
        data[j] = next++;
      }
      expected.writeBytes(data);
      switch (i % 3) {
        case 0 -> t.write(data);
        case 1 -> {
          byte[] padded = new byte[data.length + 5];
          System.arraycopy(data, 0, padded, 3, data.length);
          t.write(ByteBuffer.wrap(padded, 3, data.length));
        }
        default -> {
          ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
          direct.put(data).flip();
          t.write(direct);
        }
      }
      java.util.Arrays.fill(data, (byte) 0x55);
      if (i % 5 == 0) {
        for (byte[] piece : t.takePending(random.nextInt(700))) {
          taken.writeBytes(piece);
        }
      }
    }
    for (byte[] piece : t.takePending()) {
      taken.writeBytes(piece);
    }

    assertThat(t.written()).isEqualTo(expected.toByteArray());
    assertThat(taken.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(t.pendingBytes()).isZero();
  }

  @Test
  void recordsWrittenBytesAndText() {
    transport.write("héllo ".getBytes(StandardCharsets.UTF_8));
    transport.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)));
    assertThat(transport.writtenText()).isEqualTo("héllo world");
    assertThat(transport.written()).hasSize(12);
    assertThat(transport.writtenText(StandardCharsets.ISO_8859_1)).startsWith("hÃ");
  }

  @Test
  void writeLeavesTheCallersBufferAndArrayAlone() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
    buffer.position(1);
    transport.write(buffer);
    assertThat(buffer.position()).isEqualTo(1);
    byte[] array = {7, 8};
    transport.write(array);
    array[0] = 0;
    assertThat(transport.written()).containsExactly(2, 3, 7, 8);
  }

  @Test
  void writeSequenceWritesEachBufferInOrder() {
    transport.writeSequence(List.of(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2, 3})));
    assertThat(transport.written()).containsExactly(1, 2, 3);
  }

  @Test
  void clearForgetsWrittenAndPendingBytes() {
    transport.write(new byte[] {1, 2});
    assertThat(transport.pendingBytes()).isEqualTo(2);
    transport.clear();
    assertThat(transport.written()).isEmpty();
    assertThat(transport.pendingBytes()).isZero();
  }

  @Test
  void takeWrittenReturnsThenForgets() {
    transport.write(new byte[] {9});
    assertThat(transport.takeWritten()).containsExactly(9);
    assertThat(transport.written()).isEmpty();
  }

  @Test
  void loseConnectionMarksDisconnectingButNotAborted() {
    transport.loseConnection();
    assertThat(transport.isDisconnecting()).isTrue();
    assertThat(transport.isCloseRequested()).isTrue();
    assertThat(transport.isAborted()).isFalse();
    assertThat(transport.isDisconnected()).isFalse();
  }

  @Test
  void abortIsNotACleanClose() {
    transport.write(new byte[] {1, 2, 3});
    transport.abortConnection();
    assertThat(transport.isAborted()).isTrue();
    assertThat(transport.isDisconnecting()).isTrue();
    assertThat(transport.isCloseRequested()).isFalse();
    assertThat(transport.pendingBytes()).as("pending bytes are discarded").isZero();
    assertThat(transport.written()).as("what was written stays visible").hasSize(3);
  }

  @Test
  void writeAfterLoseConnectionFailsLoudlyByDefault() {
    transport.loseConnection();
    assertThatThrownBy(() -> transport.write(new byte[] {1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the transport was closed with loseConnection")
        .hasMessageContaining("failWritesAfterClose(false)");
  }

  @Test
  void writeAfterAbortAndAfterHalfCloseFail() {
    RecordingTransport aborted = RecordingTransport.create();
    aborted.abortConnection();
    assertThatThrownBy(() -> aborted.write(new byte[] {1})).hasMessageContaining("aborted");
    RecordingTransport half = RecordingTransport.create();
    half.loseWriteConnection();
    assertThat(half.isWriteClosed()).isTrue();
    assertThat(half.isDisconnecting()).isFalse();
    assertThatThrownBy(() -> half.write(new byte[] {1})).hasMessageContaining("half-closed");
  }

  @Test
  void writesAfterCloseCanBeDroppedSilentlyLikeProduction() {
    RecordingTransport lenient = RecordingTransport.builder().failWritesAfterClose(false).build();
    lenient.write(new byte[] {1});
    lenient.loseConnection();
    lenient.write(new byte[] {2});
    assertThat(lenient.written()).containsExactly(1);
  }

  @Test
  void addressesStayReadableAfterTheEnd() {
    InetSocketAddress host = new InetSocketAddress("10.0.0.1", 1234);
    InetSocketAddress peer = new InetSocketAddress("10.0.0.2", 80);
    RecordingTransport t = RecordingTransport.builder().host(host).peer(peer).build();
    t.markEnded(new ConnectionClosedException());
    assertThat(t.host()).isEqualTo(host);
    assertThat(t.peer()).isEqualTo(peer);
    assertThat(t.isDisconnected()).isTrue();
    assertThat(t.endReason()).isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void endingTwiceFails() {
    transport.markEnded(new ConnectionClosedException());
    assertThatThrownBy(() -> transport.markEnded(new ConnectionAbortedException("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already ended");
  }

  @Test
  void pushProducerIsPausedAboveHighWaterAndResumedAtLowWater() {
    RecordingTransport t = RecordingTransport.builder().highWaterMark(4).lowWaterMark(2).build();
    PushProducer producer = mock(PushProducer.class);
    t.registerProducer(producer, true);
    t.write(new byte[4]);
    verify(producer, never()).pauseProducing();
    t.write(new byte[1]);
    assertThat(t.isProducerPaused()).isTrue();
    t.takePending();
    assertThat(t.isProducerPaused()).isFalse();
    InOrder order = inOrder(producer);
    order.verify(producer).pauseProducing();
    order.verify(producer).resumeProducing();
  }

  @Test
  void producerRegisteredAboveHighWaterIsPausedAtOnce() {
    RecordingTransport t = RecordingTransport.builder().highWaterMark(1).lowWaterMark(0).build();
    t.write(new byte[2]);
    PushProducer producer = mock(PushProducer.class);
    t.registerProducer(producer, true);
    verify(producer).pauseProducing();
    assertThat(t.isStreamingProducer()).isTrue();
  }

  @Test
  void pullProducerIsAskedOnRegistrationAndAfterEachDrain() {
    PullProducer producer = mock(PullProducer.class);
    transport.registerProducer(producer, false);
    verify(producer).resumeProducing();
    transport.write(new byte[] {1});
    transport.clear();
    verify(producer, org.mockito.Mockito.times(2)).resumeProducing();
  }

  @Test
  void producerKindMustMatchStreamingFlag() {
    assertThatThrownBy(() -> transport.registerProducer(mock(PullProducer.class), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PushProducer");
    assertThatThrownBy(() -> transport.registerProducer(mock(PushProducer.class), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PullProducer");
  }

  @Test
  void secondProducerFails() {
    transport.registerProducer(mock(PushProducer.class), true);
    assertThatThrownBy(() -> transport.registerProducer(mock(PushProducer.class), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already registered");
  }

  @Test
  void endingStopsAndUnregistersTheProducer() {
    Producer producer = mock(PushProducer.class);
    transport.registerProducer(producer, true);
    transport.markEnded(new ConnectionClosedException());
    verify(producer).stopProducing();
    assertThat(transport.producer()).isNull();
  }

  @Test
  void producerRegisteredOnAnEndedTransportIsStoppedAtOnce() {
    transport.markEnded(new ConnectionClosedException());
    PushProducer producer = mock(PushProducer.class);
    transport.registerProducer(producer, true);
    verify(producer).stopProducing();
  }

  @Test
  void cleanCloseWaitsForAPullProducerToUnregister() {
    transport.registerProducer(mock(PullProducer.class), false);
    transport.loseConnection();
    assertThat(transport.isCloseReady()).isFalse();
    transport.unregisterProducer();
    assertThat(transport.isCloseReady()).isTrue();
  }

  @Test
  void aPushProducerDoesNotHoldACleanClose() {
    transport.registerProducer(mock(PushProducer.class), true);
    transport.loseConnection();
    assertThat(transport.isCloseReady()).isTrue();
  }

  @Test
  void aProducerMayStillWriteAfterLoseConnectionUntilTheClose() {
    transport.registerProducer(mock(PushProducer.class), true);
    transport.loseConnection();
    transport.write(new byte[] {1, 2});
    assertThat(transport.pendingBytes()).isEqualTo(2);
    transport.unregisterProducer();
    assertThatThrownBy(() -> transport.write(new byte[] {3}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed with loseConnection");
  }

  @Test
  void waterMarksAreValidated() {
    assertThatThrownBy(() -> RecordingTransport.builder().highWaterMark(-1))
        .hasMessage("highWaterMark must not be negative: -1");
    assertThatThrownBy(() -> RecordingTransport.builder().highWaterMark(1).lowWaterMark(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowWaterMark must not exceed highWaterMark");
  }

  @Test
  void tcpOptionsAreRemembered() {
    transport.setTcpNoDelay(true);
    transport.setTcpKeepAlive(true);
    assertThat(transport.isTcpNoDelay()).isTrue();
    assertThat(transport.isTcpKeepAlive()).isTrue();
  }

  @Test
  void nullWritesFail() {
    assertThatThrownBy(() -> transport.write((byte[]) null)).hasMessage("data");
    assertThatThrownBy(() -> transport.write((ByteBuffer) null)).hasMessage("data");
  }
}
