package dev.weft.samples.echo;

import static dev.weft.reactor.testing.assertj.ReactorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.testing.junit.HostNamed;
import dev.weft.reactor.testing.junit.ReactorTest;
import dev.weft.reactor.testing.junit.SimulatedNetwork;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The echo across a partition, on a network the JUnit extension injects with its hosts: the
 * testing guide's example of networks in JUnit tests and the network assertions.
 */
class EchoOverNetworkTest {

  /** Sends what it is asked to and keeps what comes back. */
  static final class Talker extends BaseProtocol {
    final StringBuilder heard = new StringBuilder();

    @Override
    public void dataReceived(ByteBuffer data) {
      heard.append(StandardCharsets.UTF_8.decode(data));
    }

    void say(String text) {
      transport().write(text.getBytes(StandardCharsets.UTF_8));
    }

    void hangUp() {
      transport().loseConnection();
    }
  }

  @ReactorTest
  @SimulatedNetwork(seed = 20261202L, chunking = "Chunking.random(7L)")
  void anEchoHeldByAPartitionAnswersOnHeal(
      Network network, @HostNamed("client") Host client, @HostNamed("echo") Host echo) {
    echo.reactor().listenTCP(7, Echo.factory());
    Talker talker = new Talker();
    client.reactor().connectTCP("echo", 7, ClientFactory.of(() -> talker));
    network.runUntilIdle();
    Link link = network.links(client, echo).get(0);

    network.partition(client, echo);
    talker.say("hello, anyone there?");
    network.advance(Duration.ofSeconds(1));
    assertThat(network).isPartitioned(client, echo);
    assertThat(link).isPartitioned().hasBytesHeld(20).hasNoBytesInFlight();
    assertThat(talker.heard.toString()).isEmpty();

    network.heal(client, echo).runUntilIdle();
    assertThat(talker.heard.toString()).isEqualTo("hello, anyone there?");
    assertThat(network).isNotPartitioned(client, echo).isQuiet();
    assertThat(echo).isUp().hasListenerOn(7).hasOpenConnections(1);

    talker.hangUp();
    echo.reactor().listeningPorts().forEach(port -> port.stopListening());
    network.runUntilIdle();
    assertThat(link).isClosed();
  }

  static class LeavesTheEchoListening {
    @ReactorTest
    @SimulatedNetwork(seed = 99L, chunking = "Chunking.oneByte()")
    void forgetsToStop(@HostNamed("echo") Host echo) {
      echo.reactor().listenTCP(7, Echo.factory());
    }
  }

  @Test
  void aDirtyHostIsNamedAndTheFailureSaysHowToReplayTheRun() {
    Throwable failure = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(LeavesTheEchoListening.class))
        .execute().testEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();

    assertThat(failure.getMessage())
        .contains("LISTENING_PORTS: listening port 7 on 0.0.0.0 (host echo/10.0.0.2)");
    assertThat(Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage))
        .contains("Simulated network of this test: seed 99L, Chunking.oneByte(); to replay this"
            + " run exactly: @SimulatedNetwork(seed = 99L, chunking = \"Chunking.oneByte()\")");
  }
}
