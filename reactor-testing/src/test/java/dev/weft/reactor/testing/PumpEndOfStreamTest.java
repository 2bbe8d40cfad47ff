package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import org.junit.jupiter.api.Test;

/**
 * What a pumped side sees when its peer closes fully: the end of the stream, as on a real socket
 * (reactor-nio's behaviour, checked by the conformance scenarios).
 */
class PumpEndOfStreamTest {
  private final RecordingProtocol.HalfCloseable halfCloseable = new RecordingProtocol.HalfCloseable();
  private final RecordingProtocol ordinary = new RecordingProtocol();

  @Test
  void closeAfterThePeerHalfClosedGivesItReadConnectionLostThenACleanEnd() {
    RecordingProtocol.HalfCloseable server = new RecordingProtocol.HalfCloseable();
    Pump pump = Pump.connect(server, halfCloseable);
    halfCloseable.write("request");
    halfCloseable.t().loseWriteConnection();
    pump.flush();
    server.write("bye");
    server.t().loseConnection();
    pump.flush();

    assertThat(halfCloseable.events).containsExactly(
        "made", "writeLost", "data:bye", "readLost", "lost:ConnectionClosedException");
    assertThat(server.events).containsExactly(
        "made", "data:request", "readLost", "lost:ConnectionClosedException");
  }

  @Test
  void halfCloseablePeerStaysOpenAfterTheOtherSideClosesUntilItClosesToo() {
    Pump pump = Pump.connect(ordinary, halfCloseable);
    ordinary.t().loseConnection();
    pump.flush();

    assertThat(ordinary.lostReason).isInstanceOf(ConnectionClosedException.class);
    assertThat(halfCloseable.events).containsExactly("made", "readLost");
    assertThat(pump.client().isOpen()).isTrue();

    halfCloseable.t().loseConnection();
    pump.flush();
    assertThat(halfCloseable.events).containsExactly("made", "readLost", "lost:ConnectionClosedException");
  }

  @Test
  void writingToAPeerThatClosedFullyResetsTheConnection() {
    Pump pump = Pump.connect(ordinary, halfCloseable);
    ordinary.t().loseConnection();
    pump.flush();

    halfCloseable.write("anyone there?");
    pump.flush();

    assertThat(halfCloseable.lostReason).isInstanceOf(ConnectionLostException.class);
    assertThat(ordinary.receivedText()).isEmpty();
  }

  @Test
  void ordinaryPeerEndsCleanlyInTheSameStepAsTheSideThatCloses() {
    RecordingProtocol server = new RecordingProtocol();
    Pump pump = Pump.connect(server, ordinary);
    server.t().loseConnection();
    pump.pump();

    assertThat(ordinary.lostReason)
        .isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("closed cleanly by the peer");
    assertThat(server.lostReason).isInstanceOf(ConnectionClosedException.class);
  }
}
