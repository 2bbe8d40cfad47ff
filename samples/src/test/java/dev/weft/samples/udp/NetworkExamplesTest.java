package dev.weft.samples.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.testing.net.DatagramConditions;
import dev.weft.reactor.testing.net.DatagramEvent.Fate;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import dev.weft.samples.echo.Echo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated network's UNIX-socket and UDP examples of the testing guide: a socket path
 * stays on its host; the A-record client's datagrams obey the network's partitions.
 */
class NetworkExamplesTest {

  /** Says hello once connected and keeps what comes back. */
  static final class Greeter extends BaseProtocol {
    final StringBuilder received = new StringBuilder();

    @Override
    public void connectionMade() {
      transport().write("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received.append(StandardCharsets.UTF_8.decode(data));
    }
  }

  @Test
  void aSocketPathIsReachedOnlyFromItsOwnHost() {
    Network network = Network.create(7);
    Host app = network.host("app");
    Host sidecar = network.host("sidecar");
    Path socket = Path.of("/run/echo.sock");
    app.reactor().listenUNIX(socket, Echo.factory());

    Greeter local = new Greeter();
    app.reactor().connectUNIX(socket, ClientFactory.of(() -> local), Duration.ofSeconds(5));
    Greeter remote = new Greeter();
    sidecar.reactor().connectUNIX(socket, ClientFactory.of(() -> remote), Duration.ofSeconds(5));
    network.runUntilIdle();

    assertThat(local.received.toString()).isEqualTo("hello");
    assertThat(sidecar.reactor().lastUnixClientAttempt().failure())
        .isInstanceOf(ConnectionRefusedException.class);
  }

  @Test
  void lookupsRetryThroughAOneWayPartitionAndSucceedOnHeal() throws UnknownHostException {
    Network network = Network.builder().seed(20261202L)
        .datagrams(DatagramConditions.perfect().withLoss(0.1).withLatency(Duration.ofMillis(20)))
        .build();
    Host client = network.host("client");
    Host dns = network.host("dns");
    InetAddress web = InetAddress.getByName("192.0.2.80");
    dns.reactor().listenUDP(53, new ARecordServer(Map.of("web.weft.test", web)));
    ARecordClient resolver = new ARecordClient(client.reactor(),
        new InetSocketAddress(dns.address(), 53), Duration.ofSeconds(1), 6);
    client.reactor().listenUDP(0, resolver);

    network.partitionOneWay(dns, client); // queries arrive, answers are dropped
    Deferred<InetAddress> lookup = resolver.lookup("web.weft.test");
    network.advance(Duration.ofSeconds(5));
    assertThat(lookup.isDone()).isFalse();
    network.heal(dns, client);
    network.advance(Duration.ofSeconds(30));

    assertThat(lookup.join()).isEqualTo(web);
    assertThat(network.datagrams().trace(Fate.PARTITIONED)).isNotEmpty();
  }
}
