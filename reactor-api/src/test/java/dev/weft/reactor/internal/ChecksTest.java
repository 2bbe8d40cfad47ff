package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {
  private final ProtocolFactory server = peer -> null;
  private final ClientFactory client = ClientFactory.of(() -> null);

  @Test
  void listenTcpReturnsTheAddressToBindOrNullForAllInterfaces() throws Exception {
    assertThat(Checks.listenTcp(0, server, 50, "")).isNull();
    assertThat(Checks.listenTcp(65_535, server, 0, "127.0.0.1"))
        .isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(Checks.listenTcp(80, server, 50, "[::1]")).isEqualTo(InetAddress.getByName("::1"));
  }

  @Test
  void listenTcpNamesTheBadArgumentAndItsValueInParameterOrder() {
    assertThatThrownBy(() -> Checks.listenTcp(-1, server, -1, "nowhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: -1");
    assertThatThrownBy(() -> Checks.listenTcp(70_000, server, 50, ""))
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> Checks.listenTcp(0, null, 50, ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
    assertThatThrownBy(() -> Checks.listenTcp(0, server, -1, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog must not be negative: -1");
    assertThatThrownBy(() -> Checks.listenTcp(0, server, 50, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("networkInterface");
    assertThatThrownBy(() -> Checks.listenTcp(0, server, 50, "localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): localhost");
    assertThatThrownBy(() -> Checks.listenTcp(0, server, 50, "999.1.1.1"))
        .hasMessage("networkInterface must be an IP literal or ALL_INTERFACES (\"\"): 999.1.1.1");
  }

  @Test
  void connectTcpNamesTheBadArgumentAndItsValueInParameterOrder() {
    Checks.connectTcp("example.com", 0, client, Duration.ZERO);

    assertThatThrownBy(() -> Checks.connectTcp(null, -1, client, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("host");
    assertThatThrownBy(() -> Checks.connectTcp("h", 65_536, client, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: 65536");
    assertThatThrownBy(() -> Checks.connectTcp("h", 1, null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
    assertThatThrownBy(() -> Checks.connectTcp("h", 1, client, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
    assertThatThrownBy(() -> Checks.connectTcp("h", 1, client, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative: PT-1S");
  }
}
