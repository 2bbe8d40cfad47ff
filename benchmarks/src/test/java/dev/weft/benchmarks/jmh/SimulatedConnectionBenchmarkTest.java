package dev.weft.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.testing.net.Link;
import dev.weft.reactor.testing.net.Network;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class SimulatedConnectionBenchmarkTest {
  private final SimulatedConnectionBenchmark benchmark = new SimulatedConnectionBenchmark();

  @Test
  void theNetworkTestMakesOneLinkThatEndsCleanlyOnBothSides() {
    Network network = benchmark.network();

    assertThat(network.links()).singleElement().satisfies(link -> {
      assertThat(link.isOpen()).isFalse();
      assertThat(link.client().transport().written()).hasSize(SimulatedConnectionBenchmark.SIZE);
      assertThat(link.server().transport().written()).hasSize(SimulatedConnectionBenchmark.SIZE);
    });
    assertThat(network.clock().pendingCount()).isZero();
  }

  @Test
  void theSetupOnlyNetworkHasItsListenerAndNoLink() {
    Network network = benchmark.networkWithoutConnection();

    assertThat(network.links()).isEmpty();
    assertThat(network.find("server").orElseThrow().reactor().listeningPorts()).hasSize(1);
  }

  @Test
  void pumpAndLoneReactorTestsPassTheirChecks() {
    assertThat(benchmark.pump().client().transport().written())
        .hasSize(SimulatedConnectionBenchmark.SIZE);
    assertThat(benchmark.memoryReactor().tcpClients()).hasSize(1);
  }

  @Test
  void theEmbeddedChannelTestEchoesAndCloses() {
    EmbeddedChannel channel = benchmark.embeddedChannel();

    assertThat(channel.isOpen()).isFalse();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void linksOfTheNetworkTestAreBetweenItsTwoHosts() {
    Link link = benchmark.network().links().get(0);

    assertThat(link.clientHost().name()).isEqualTo("client");
    assertThat(link.serverHost().name()).isEqualTo("server");
  }
}
