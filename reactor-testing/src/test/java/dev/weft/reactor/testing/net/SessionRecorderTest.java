package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.recording.Recording;
import dev.weft.reactor.recording.Recording.Side;
import dev.weft.reactor.recording.SessionRecorder;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions recorded on the fakes, and each side of them replayed by a scripted peer. */
class SessionRecorderTest {

  /** Greets, reads a name, answers 5 ms later and closes. */
  static final class Greeter extends BaseProtocol {
    private final ReactorTime time;
    private final StringBuilder in = new StringBuilder();

    Greeter(ReactorTime time) {
      this.time = time;
    }

    @Override
    public void connectionMade() {
      transport().write("hello\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      in.append(StandardCharsets.US_ASCII.decode(data));
      int nl = in.indexOf("\n");
      if (nl >= 0) {
        String name = in.substring(0, nl);
        time.callLater(Duration.ofMillis(5), () -> {
          transport().write(("hi " + name + "\n").getBytes(StandardCharsets.US_ASCII));
          transport().loseConnection();
        });
      }
    }
  }

  /** Sends its name once connected; keeps what it reads and how the connection ended. */
  static final class Visitor extends BaseProtocol {
    final String name;
    final StringBuilder text = new StringBuilder();
    ConnectionEndedException lost;

    Visitor(String name) {
      this.name = name;
    }

    @Override
    public void connectionMade() {
      transport().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      text.append(StandardCharsets.US_ASCII.decode(data));
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      lost = reason;
    }
  }

  private static Recording recordOnANetwork() {
    Network network = Network.builder().latency(Duration.ofMillis(10)).build();
    Host server = network.host("server");
    Host client = network.host("client");
    List<Recording> sessions = new ArrayList<>();
    server.reactor().listenTCP(7000, SessionRecorder.server(
        ProtocolFactory.of(() -> new Greeter(server.reactor())), server.reactor(), sessions::add));
    Visitor ann = new Visitor("ann");
    client.reactor().connectTCP("server", 7000, ClientFactory.of(() -> ann));
    network.runUntilIdle();
    assertThat(ann.text).hasToString("hello\nhi ann\n");
    assertThat(sessions).hasSize(1);
    return sessions.get(0);
  }

  @Test
  void aServerSessionIsRecordedWithItsTimingOnTheServersClock() {
    Recording session = recordOnANetwork();

    assertThat(session.format()).isEqualTo("""
        # weft recording 1
        # recorded on the server: client /10.0.0.3:49152, server /10.0.0.2:7000
        +0ms < "hello\\n"
        +10ms > "ann\\n"
        +5ms < "hi ann\\n"
        +0ms < close
        """);
    assertThat(Recording.parse(session.format())).isEqualTo(session);
  }

  @Test
  void theServerSideReplaysAgainstTheClient() {
    Recording session = recordOnANetwork();
    MemoryReactor reactor = new MemoryReactor();
    ScriptedPeer server = ScriptedPeer.on(reactor).named("recorded server")
        .replay(session, Side.SERVER).build();
    Visitor ann = new Visitor("ann");
    reactor.connectTCP("server", 7000, ClientFactory.of(() -> ann));

    server.answer(reactor.lastClientAttempt()).flush();

    assertThat(server.script()).containsExactly(
        "send \"hello\\n\"", "expect \"ann\\n\"", "send \"hi ann\\n\"", "close");
    assertThat(ann.text).hasToString("hello\nhi ann\n");
    assertThat(ann.lost).isInstanceOf(ConnectionClosedException.class);
    server.verify();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aClientThatDeviatesFromTheRecordingFailsTheReplay() {
    Recording session = recordOnANetwork();
    MemoryReactor reactor = new MemoryReactor();
    ScriptedPeer server = ScriptedPeer.on(reactor).replay(session, Side.SERVER).build();
    Visitor bob = new Visitor("bob");
    reactor.connectTCP("server", 7000, ClientFactory.of(() -> bob));

    server.answer(reactor.lastClientAttempt()).flush();

    assertThat(server.failure()).hasValueSatisfying(f -> assertThat(f.getMessage())
        .contains("expected: \"ann\\n\"").contains("actual:   \"bob\\n\""));
    assertThat(bob.lost).isInstanceOf(ConnectionLostException.class);
    assertThat(reactor.takeCallbackErrors()).hasSize(1);
  }

  @Test
  void theClientSideReplaysAgainstTheServer() {
    Recording session = recordOnANetwork();
    MemoryReactor reactor = new MemoryReactor();
    MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(7000,
        ProtocolFactory.of(() -> new Greeter(reactor)));
    ScriptedPeer client = ScriptedPeer.on(reactor).named("recorded client")
        .replay(session, Side.CLIENT).build();
    reactor.connectTCP("localhost", 7000, client::buildProtocol);

    var pump = reactor.lastClientAttempt().connectTo(port);
    pump.flush();
    assertThat(client.isDone()).isFalse();
    reactor.advance(Duration.ofMillis(5));
    pump.flush();

    assertThat(client.script()).containsExactly(
        "expect \"hello\\n\"", "send \"ann\\n\"", "expect \"hi ann\\n\"", "expectEnd");
    client.verify();
    port.stopListening();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aTimedReplayWaitsAsTheRecordedServerDid() {
    Recording session = recordOnANetwork();
    MemoryReactor reactor = new MemoryReactor();
    ScriptedPeer server = ScriptedPeer.on(reactor).replayTimed(session, Side.SERVER).build();
    Visitor ann = new Visitor("ann");
    reactor.connectTCP("server", 7000, ClientFactory.of(() -> ann));
    var pump = server.answer(reactor.lastClientAttempt());

    pump.flush();
    assertThat(ann.text).hasToString("hello\n");
    reactor.advance(Duration.ofMillis(4));
    pump.flush();
    assertThat(ann.text).hasToString("hello\n");
    reactor.advance(Duration.ofMillis(1));
    pump.flush();

    assertThat(server.script()).containsExactly("send \"hello\\n\"", "expect \"ann\\n\"",
        "waitFor PT0.005S", "send \"hi ann\\n\"", "close");
    assertThat(ann.text).hasToString("hello\nhi ann\n");
    server.verify();
  }

  /** Sends a question and half-closes; the answer comes after. */
  static final class Asker extends BaseProtocol implements HalfCloseableProtocol {
    final StringBuilder text = new StringBuilder();

    @Override
    public void connectionMade() {
      transport().write("why?".getBytes(StandardCharsets.US_ASCII));
      transport().loseWriteConnection();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      text.append(StandardCharsets.US_ASCII.decode(data));
    }

    @Override
    public void readConnectionLost() {
      transport().loseConnection();
    }

    @Override
    public void writeConnectionLost() {}
  }

  /** Reads to the end of the client's output, then answers with a file and closes. */
  static final class FileAnswer extends BaseProtocol implements HalfCloseableProtocol {
    private final Path file;

    FileAnswer(Path file) {
      this.file = file;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      data.position(data.limit());
    }

    @Override
    public void readConnectionLost() {
      try {
        FileChannel channel = FileChannel.open(file);
        transport().sendFile(channel, 2, 8).whenComplete((ok, error) -> {
          try {
            channel.close();
          } catch (IOException ignored) {
            // Closing a read-only channel; nothing to lose.
          }
          transport().loseConnection();
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void writeConnectionLost() {}
  }

  @Test
  void halfClosesAndFileRegionsAreRecordedAndReplayed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("answer.txt"), "..because.!");
    Network network = Network.builder().latency(Duration.ofMillis(1)).build();
    Host server = network.host("server");
    Host client = network.host("client");
    List<Recording> sessions = new ArrayList<>();
    server.reactor().listenTCP(7000, SessionRecorder.server(
        ProtocolFactory.of(() -> new FileAnswer(file)), server.reactor(), sessions::add));
    Asker asker = new Asker();
    client.reactor().connectTCP("server", 7000, ClientFactory.of(() -> asker));
    network.runUntilIdle();

    assertThat(asker.text).hasToString("because.");
    assertThat(sessions).singleElement().satisfies(s -> assertThat(s.format()).endsWith("""
        +1ms > "why?"
        +0ms > half-close
        +0ms < "because."
        +0ms < close
        """));

    MemoryReactor reactor = new MemoryReactor();
    ScriptedPeer replayed = ScriptedPeer.on(reactor).replay(sessions.get(0), Side.SERVER)
        .build();
    Asker again = new Asker();
    reactor.connectTCP("server", 7000, ClientFactory.of(() -> again));
    replayed.answer(reactor.lastClientAttempt()).flush();

    assertThat(replayed.script()).containsExactly(
        "expect \"why?\"", "expectEnd", "send \"because.\"", "close");
    assertThat(again.text).hasToString("because.");
    replayed.verify();
    assertThat(Leftovers.of(reactor)).isEmpty();
  }

  @Test
  void aClientRecordingSeesTheServerFromTheOtherEnd() {
    Network network = Network.builder().latency(Duration.ofMillis(1)).build();
    Host server = network.host("server");
    Host client = network.host("client");
    server.reactor().listenTCP(7000, ProtocolFactory.of(() -> new Greeter(server.reactor())));
    List<Recording> sessions = new ArrayList<>();
    Visitor ann = new Visitor("ann");
    client.reactor().connectTCP("server", 7000,
        SessionRecorder.client(ClientFactory.of(() -> ann), client.reactor(), sessions::add));
    network.runUntilIdle();

    assertThat(sessions).singleElement().satisfies(s -> assertThat(s.format()).endsWith("""
        +0ms > "ann\\n"
        +1ms < "hello\\n"
        +6ms < "hi ann\\n"
        +0ms < close
        """));
  }
}
