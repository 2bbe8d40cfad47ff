package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about TCP half-close, which every Weft reactor must pass alike: after
 * {@code loseWriteConnection} the peer reads the end of the stream and may still reply, and a
 * {@link dev.weft.reactor.HalfCloseableProtocol} hears {@code writeConnectionLost} and
 * {@code readConnectionLost} in order. Extend it and implement {@link #createDriver()}.
 *
 * <p>Netty: {@code SocketHalfClosedTest}.
 */
public abstract class HalfCloseConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected HalfCloseConformanceTest() {}

  @Test
  void clientHalfCloseLetsTheServerReplyBeforeBothClose() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new HalfCloseScenarioProtocol("bye")));
    HalfCloseScenarioProtocol client = new HalfCloseScenarioProtocol(null);
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(
        () -> {
          client.link().write(bytes("request"));
          client.link().loseWriteConnection();
        });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides closed");

    assertThat(servers.get(0).received()).isEqualTo("request");
    assertThat(client.received()).isEqualTo("bye");
    assertThat(withoutData(client.events))
        .containsExactly(
            "made", "writeConnectionLost", "readConnectionLost", "lost:ConnectionClosedException");
    assertThat(withoutData(servers.get(0).events))
        .containsExactly("made", "readConnectionLost", "lost:ConnectionClosedException");
  }

  @Test
  void serverHalfCloseLetsTheClientReplyBeforeBothClose() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new HalfCloseScenarioProtocol(null)));
    HalfCloseScenarioProtocol client = new HalfCloseScenarioProtocol("thanks");
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(
        () -> {
          servers.get(0).link().write(bytes("welcome"));
          servers.get(0).link().loseWriteConnection();
        });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides closed");

    assertThat(client.received()).isEqualTo("welcome");
    assertThat(servers.get(0).received()).isEqualTo("thanks");
    assertThat(withoutData(servers.get(0).events))
        .containsExactly(
            "made", "writeConnectionLost", "readConnectionLost", "lost:ConnectionClosedException");
    assertThat(withoutData(client.events))
        .containsExactly("made", "readConnectionLost", "lost:ConnectionClosedException");
  }
}
