package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.net.NetworkTest.Failures;
import dev.weft.reactor.testing.net.NetworkTest.Peer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** UNIX-domain sockets on a {@link Network}: routed by path, on the host that connects. */
class NetworkUnixTest {
  private final Network network = Network.builder().seed(3).latency(Duration.ofMillis(10)).build();
  private final Host app = network.host("app");
  private final Host db = network.host("db");
  private final Path socket = Path.of("/run/db.sock");

  private Peer listen(Host host, Path path) {
    Peer server = new Peer();
    host.reactor().listenUNIX(path, ProtocolFactory.of(() -> server));
    return server;
  }

  @Test
  void aPathWhereTheSameHostListensConnectsWithoutLatency() {
    Peer server = listen(app, socket);
    server.echo = true;
    Failures client = new Failures();
    app.reactor().connectUNIX(socket, client);

    network.advance(Duration.ZERO);
    assertThat(client.peer.made).isTrue();
    assertThat(server.made).isTrue();
    client.peer.send("ping");
    network.advance(Duration.ZERO);

    assertThat(server.text.toString()).isEqualTo("ping");
    assertThat(client.peer.text.toString()).isEqualTo("ping");
    assertThat(network.links()).singleElement()
        .satisfies(link -> assertThat(link.clientHost()).isSameAs(app))
        .satisfies(link -> assertThat(link.serverHost()).isSameAs(app));
    assertThat(app.reactor().unixClients()).singleElement()
        .satisfies(attempt -> assertThat(attempt.isPending()).isFalse());
  }

  @Test
  void nothingListeningAtThePathIsRefused() {
    Failures client = new Failures();
    app.reactor().connectUNIX(Path.of("/run/nobody.sock"), client);
    network.runUntilIdle();

    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining("/run/nobody.sock").hasMessageContaining("app");
  }

  @Test
  void anotherHostsPathIsNotReachable() {
    listen(db, socket);
    Failures client = new Failures();
    app.reactor().connectUNIX(socket, client);
    network.runUntilIdle();

    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class);
    assertThat(db.reactor().unixListenerAt(socket).connections()).isEmpty();
  }

  @Test
  void aStoppedListenersPathRefuses() {
    listen(app, socket);
    app.reactor().unixListenerAt(socket).stopListening();
    Failures client = new Failures();
    app.reactor().connectUNIX(socket, client);
    network.runUntilIdle();

    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void aCrashedHostsPathsAreGoneAfterRestart() {
    listen(app, socket);
    app.crash();
    app.restart();
    Failures client = new Failures();
    app.reactor().connectUNIX(socket, client);
    network.runUntilIdle();
    assertThat(client.failed).isInstanceOf(ConnectionRefusedException.class);

    Peer again = listen(app, socket);
    Failures second = new Failures();
    app.reactor().connectUNIX(socket, second);
    network.runUntilIdle();
    assertThat(second.peer.made).isTrue();
    assertThat(again.made).isTrue();
  }

  @Test
  void partitionsBetweenHostsDoNotCutAHostFromItself() {
    Peer server = listen(app, socket);
    network.partition(app, db);
    Failures client = new Failures();
    app.reactor().connectUNIX(socket, client);
    network.runUntilIdle();
    client.peer.send("local");
    network.runUntilIdle();

    assertThat(server.text.toString()).isEqualTo("local");
  }

  @Test
  void aCrashEndsTheLocalConnection() {
    Peer server = listen(db, socket);
    Failures client = new Failures();
    db.reactor().connectUNIX(socket, client);
    network.runUntilIdle();
    assertThat(server.made).isTrue();

    db.crash();
    network.runUntilIdle();

    assertThat(db.isUp()).isFalse();
    assertThat(network.links()).singleElement()
        .satisfies(link -> assertThat(link.isOpen()).isFalse());
  }
}
