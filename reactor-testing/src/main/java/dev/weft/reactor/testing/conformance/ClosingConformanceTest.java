package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionLostException;
import dev.weft.reactor.ListeningPort;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about ending a connection, which every Weft reactor must pass alike: a clean close
 * delivers what was written and ends both sides with {@link ConnectionClosedException}; an abort
 * ends this side with {@link ConnectionAbortedException} and the peer with a reset. Half-closes
 * have their own class, {@link HalfCloseConformanceTest}. Extend it and implement
 * {@link #createDriver()}.
 *
 * <p>Netty: {@code SocketRstTest}, {@code SocketShutdownOutputBySelfTest}.
 */
public abstract class ClosingConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected ClosingConformanceTest() {}

  @Test
  void cleanCloseEndsBothSidesWithConnectionClosed() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(
        () -> {
          client.link().write(bytes("last words"));
          client.link().loseConnection();
        });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides closed");

    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(servers.get(0).received()).isEqualTo("last words");
    assertThat(factory.lost.get()).isSameAs(client.lost.get());
  }

  @Test
  void abortEndsThisSideWithAbortedAndThePeerWithLost() {
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    boolean disconnectingAfterAbort =
        driver().onReactor(
            () -> {
              client.link().abortConnection();
              return client.link().isDisconnecting();
            });
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides ended");

    assertThat(disconnectingAfterAbort).isTrue();
    assertThat(client.lost.get()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void closingWithBytesNeverReadEndsTheStreamForThePeer() {
    // Linux answers a socket closed with unread bytes with a reset, but the JDK shuts the output
    // of a channel registered with a selector before it closes it, so the peer reads the end of
    // the stream first and a protocol that ends there sees a clean close. The fakes must agree.
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.recorder()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connect(port.host().getPort(), () -> client);
    driver().runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    driver().onReactor(() -> servers.get(0).link().pauseProducing());
    driver().onReactor(() -> client.link().write(bytes("a request the server never reads")));
    // Time for the bytes to reach the server's receive buffer (microseconds on loopback).
    driver().passTime(java.time.Duration.ofMillis(200));
    driver().onReactor(() -> servers.get(0).link().loseConnection());
    driver().runUntil(() -> client.isLost() && servers.get(0).isLost(), "both sides ended");

    assertThat(servers.get(0).received()).isEmpty();
    assertThat(servers.get(0).lost.get()).isInstanceOf(ConnectionClosedException.class);
    assertThat(client.lost.get()).isInstanceOf(ConnectionClosedException.class);
  }
}
