package dev.weft.reactor.testing.assertj;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated network's assertions pass on the state they name and say what they found. */
class NetworkAssertionsTest {

  /** Keeps what it reads; writes on request. */
  static final class Peer extends BaseProtocol {
    final StringBuilder read = new StringBuilder();

    @Override
    public void dataReceived(ByteBuffer data) {
      read.append(StandardCharsets.UTF_8.decode(data));
    }

    void send(String text) {
      transport().write(text.getBytes(StandardCharsets.UTF_8));
    }

    void close() {
      transport().loseConnection();
    }
  }

  private final Network network =
      Network.builder().seed(3L).latency(Duration.ofMillis(10)).build();
  private final Host client = network.host("client");
  private final Host server = network.host("server");
  private final Peer served = new Peer();
  private final Peer asking = new Peer();

  private Link connect() {
    server.reactor().listenTCP(80, ProtocolFactory.of(() -> served));
    client.reactor().connectTCP("server", 80, ClientFactory.of(() -> asking));
    network.advance(Duration.ofMillis(20));
    return network.links().get(0);
  }

  @Test
  void hostAssertionsReadUpDownCrashesListenersAndConnections() {
    connect();
    assertThat(server).isUp().hasCrashed(0).hasListenerOn(80).hasOpenConnections(1);
    assertThat(client).hasNoListeners().hasOpenConnections(1);

    assertThatThrownBy(() -> assertThat(server).isDown())
        .hasMessage("Expecting host server to be down but it is up (crashed 0 times)");
    assertThatThrownBy(() -> assertThat(server).hasListenerOn(81))
        .hasMessageContaining("Expecting host server/10.0.0.3 to listen on port 81 but its"
            + " listening ports were:")
        .hasMessageContaining("listening port 80");
    assertThatThrownBy(() -> assertThat(server).hasNoListeners())
        .hasMessageContaining("Expecting host server/10.0.0.3 to listen on no port but it"
            + " listens on:");
    assertThatThrownBy(() -> assertThat(client).hasOpenConnections(0))
        .hasMessageContaining("Expecting host client/10.0.0.2 to have 0 open connections but it"
            + " has 1:");

    server.crash();
    assertThat(server).isDown().hasCrashed(1);
    assertThatThrownBy(() -> assertThat(server).isUp())
        .hasMessage("Expecting host server to be up but it is down (crashed 1 times, not"
            + " restarted)");
    server.restart();
    assertThat(server).isUp().hasCrashed(1).hasNoListeners().hasOpenConnections(0);
    assertThatThrownBy(() -> assertThat(server).hasCrashed(2))
        .hasMessage("Expecting host server to have crashed 2 times but it crashed 1 times (now"
            + " up)");
    assertThatThrownBy(() -> assertThat(server).hasCrashed(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times must not be negative: -1");
    network.runUntilIdle();
  }

  @Test
  void linkAssertionsReadBytesInFlightHeldPartitionedAndOpen() {
    Link link = connect();
    assertThat(link).isOpen().isNotHeld().isNotPartitioned().hasNoBytesInFlight()
        .hasBytesHeld(0);

    asking.send("ping");
    network.advance(Duration.ofMillis(1)); // written at the end of the client's turn
    assertThat(link).hasBytesInFlight(4);
    assertThatThrownBy(() -> assertThat(link).hasNoBytesInFlight())
        .hasMessageContaining("Expecting 0 bytes in flight but found 4 on:")
        .hasMessageContaining("Network seed 3L, Chunking.coalesced()");

    link.hold();
    network.advance(Duration.ofMillis(10));
    assertThat(link).isHeld().hasBytesHeld(4).hasNoBytesInFlight();
    assertThatThrownBy(() -> assertThat(link).isNotHeld())
        .hasMessageContaining("Expecting the link not to be held but it is (4 bytes wait):")
        .hasMessageContaining("(held)");
    link.release();
    assertThat(link).isNotHeld().hasBytesHeld(0);
    assertThatThrownBy(() -> assertThat(link).isHeld())
        .hasMessageContaining("Expecting the link to be held but it is not:");
    assertThatThrownBy(() -> assertThat(link).hasBytesHeld(4))
        .hasMessageContaining("Expecting 4 bytes held but found 0 on:");

    network.partitionOneWay(client, server);
    assertThat(link).isPartitioned();
    assertThatThrownBy(() -> assertThat(link).isNotPartitioned())
        .hasMessageContaining("a partition cuts it:")
        .hasMessageContaining("(partitioned)");
    network.healAll();
    assertThatThrownBy(() -> assertThat(link).isPartitioned())
        .hasMessageContaining("Expecting the link to be partitioned but no partition cuts it:");

    assertThatThrownBy(() -> assertThat(link).isClosed())
        .hasMessageContaining("Expecting the link to be closed but it is open (client end open,"
            + " server end open):");
    asking.close();
    network.runUntilIdle();
    assertThat(link).isClosed();
    assertThatThrownBy(() -> assertThat(link).isOpen())
        .hasMessageContaining("Expecting the link to be open but both ends have ended:");
    server.reactor().listeningPorts().forEach(p -> p.stopListening());
  }

  @Test
  void networkAssertionsReadHostsPartitionsLinksAndQuiet() {
    Link link = connect();
    assertThat(network).hasHosts("server", "client").isNotPartitioned(client, server)
        .hasOpenLinks(1).isQuiet();
    assertThatThrownBy(() -> assertThat(network).hasHosts("client"))
        .hasMessageContaining("Expecting the network to have exactly the hosts:")
        .hasMessageContaining("[client/10.0.0.2, server/10.0.0.3]");

    network.partition(client, server);
    assertThat(network).isPartitioned(server, client);
    assertThatThrownBy(() -> assertThat(network).isPartitionedOneWay(client, server))
        .hasMessage("Expecting only client -> server to be cut but client -> server is cut and"
            + " server -> client is cut");
    asking.send("held back");
    network.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> assertThat(network).isQuiet())
        .hasMessageContaining("Expecting the network to be quiet but found:")
        .hasMessageContaining("9 bytes in flight, 0 bytes held on link client -> server");
    network.advance(Duration.ofMillis(10));
    assertThatThrownBy(() -> assertThat(network).isQuiet())
        .hasMessageContaining("0 bytes in flight, 9 bytes held on link client -> server");

    network.heal(client, server).partitionOneWay(server, client);
    assertThat(network).isPartitionedOneWay(server, client);
    assertThatThrownBy(() -> assertThat(network).isPartitioned(client, server))
        .hasMessage("Expecting client and server to be partitioned both ways but client ->"
            + " server is open and server -> client is cut");
    assertThatThrownBy(() -> assertThat(network).isNotPartitioned(client, server))
        .hasMessageContaining("not to be partitioned but client -> server is open and server ->"
            + " client is cut");
    network.healAll().advance(Duration.ZERO); // the reader's turn reads what was held
    assertThat(network).isQuiet();
    org.assertj.core.api.Assertions.assertThat(served.read.toString()).isEqualTo("held back");

    assertThatThrownBy(() -> assertThat(network).hasOpenLinks(0))
        .hasMessageContaining("Expecting 0 open links but found 1:")
        .hasMessageContaining(link.toString());
    asking.close();
    network.runUntilIdle();
    assertThat(network).hasOpenLinks(0);
    server.reactor().listeningPorts().forEach(p -> p.stopListening());
  }
}
