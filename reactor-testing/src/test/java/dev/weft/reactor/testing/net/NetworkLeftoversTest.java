package dev.weft.reactor.testing.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryReactor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Clock's dirty-reactor check over a network's hosts: each named as the caller says, a host's
 * own timers named by its host, and a crashed host's state gone with it but not its errors.
 */
class NetworkLeftoversTest {
  private final Network network = Network.create(1L);
  private final Host web = network.host("web");
  private final Host app = network.host("app");

  /** Reads and drops what it gets. */
  static class Quiet extends BaseProtocol {
    @Override
    public void dataReceived(ByteBuffer data) {
      data.position(data.limit());
    }
  }

  private static String byHost(Network network, MemoryReactor reactor) {
    return network.hostOf(reactor).map(h -> "host " + h.name()).orElse(null);
  }

  @Test
  void eachHostsLeftoversAndTimersAreNamedByTheCallersNames() {
    web.reactor().listenTCP(80, ProtocolFactory.of(Quiet::new));
    app.reactor().callLater(Duration.ofSeconds(2), () -> {});

    List<Leftover> leftovers = Leftovers.of(network.clock(), r -> byHost(network, r));

    assertThat(leftovers).extracting(Leftover::kind)
        .containsExactly(Leftover.Kind.PENDING_CALLS, Leftover.Kind.LISTENING_PORTS);
    assertThat(leftovers.get(0).description()).endsWith("(host app)");
    assertThat(leftovers.get(1).description()).endsWith("(host web)");
    assertThat(Leftovers.of(network.clock()).get(1).description())
        .as("the default names a reactor by its place on the Clock")
        .endsWith("(reactor 1 of 2 on the Clock)");
  }

  @Test
  void aCrashedHostLeavesOnlyWhatItsCodeThrew() {
    web.reactor().listenTCP(80, ProtocolFactory.of(() -> new Quiet() {
      @Override
      public void dataReceived(ByteBuffer data) {
        throw new IllegalStateException("web bug");
      }
    }));
    app.reactor().connectTCP("web", 80, ClientFactory.of(() -> new Quiet() {
      @Override
      public void connectionMade() {
        transport().write(new byte[] {1});
      }
    }));
    network.runUntilIdle();
    MemoryReactor before = web.reactor();
    web.crash().restart();
    network.runUntilIdle();

    assertThat(network.hostOf(before)).contains(web);
    assertThat(network.hostOf(web.reactor())).contains(web);
    assertThat(network.hostOf(new MemoryReactor(network.clock()))).isEmpty();
    List<Leftover> leftovers = Leftovers.of(network.clock());
    assertThat(leftovers).singleElement().satisfies(l -> {
      assertThat(l.kind()).isEqualTo(Leftover.Kind.CALLBACK_ERRORS);
      assertThat(l.description()).contains("web bug");
    });
  }
}
