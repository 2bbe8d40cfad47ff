package dev.weft.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.weft.reactor.doubles.ScriptedReactor;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  private final ScriptedReactor reactor = new ScriptedReactor();

  @Test
  void serverDescriptionWithPortAndInterface() {
    ServerEndpoint e = Endpoints.server(reactor, "tcp:8080:interface=127.0.0.1");

    assertThat(e).asInstanceOf(type(TcpServerEndpoint.class)).satisfies(s -> {
      assertThat(s.port()).isEqualTo(8080);
      assertThat(s.networkInterface()).isEqualTo("127.0.0.1");
      assertThat(s.backlog()).isEqualTo(50);
    });
  }

  @Test
  void serverDescriptionWithKeywordPortBacklogAndEscapedIpv6Interface() {
    ServerEndpoint e = Endpoints.server(reactor, "tcp:port=0:backlog=5:interface=\\:\\:1");

    assertThat(e).asInstanceOf(type(TcpServerEndpoint.class)).satisfies(s -> {
      assertThat(s.port()).isZero();
      assertThat(s.backlog()).isEqualTo(5);
      assertThat(s.networkInterface()).isEqualTo("0:0:0:0:0:0:0:1");
    });
  }

  @Test
  void clientDescriptionWithKeywords() {
    ClientEndpoint e =
        Endpoints.client(reactor, "tcp:host=example.com:port=80:timeout=2.5:bindAddress=10.1.2.3");

    assertThat(e).asInstanceOf(type(TcpClientEndpoint.class)).satisfies(c -> {
      assertThat(c.host()).isEqualTo("example.com");
      assertThat(c.port()).isEqualTo(80);
      assertThat(c.timeout()).isEqualTo(Duration.ofMillis(2500));
      assertThat(c.bindAddress()).isEqualTo(new InetSocketAddress("10.1.2.3", 0));
    });
  }

  @Test
  void clientDescriptionWithPositionalHostAndPortUsesTheDefaultTimeout() {
    ClientEndpoint e = Endpoints.client(reactor, "tcp:example.com:80");

    assertThat(e).asInstanceOf(type(TcpClientEndpoint.class)).satisfies(c -> {
      assertThat(c.host()).isEqualTo("example.com");
      assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.bindAddress()).isNull();
    });
  }

  @Test
  void aBadPortIsUnderlined() {
    assertThatThrownBy(() -> Endpoints.client(reactor, "tcp:host=example.com:port=80x"))
        .isInstanceOfSatisfying(EndpointDescriptionException.class, e -> {
          assertThat(e.problem()).isEqualTo("port must be an integer in 0..65535: \"80x\"");
          assertThat(e.errorOffset()).isEqualTo(26);
          assertThat(e.errorLength()).isEqualTo(3);
        })
        .hasMessage(
            "invalid endpoint description: port must be an integer in 0..65535: \"80x\"\n"
                + "  tcp:host=example.com:port=80x\n"
                + "                            ^^^");
  }

  @Test
  void anUnknownTypeIsUnderlined() {
    assertThatThrownBy(() -> Endpoints.server(reactor, "udp:53"))
        .hasMessage(
            "invalid endpoint description: unknown endpoint type \"udp\"; supported: tcp\n"
                + "  udp:53\n"
                + "  ^^^");
  }

  @Test
  void anUnknownParameterIsUnderlinedWholeAndTheKnownOnesListed() {
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80:iface=lo"))
        .hasMessage(
            "invalid endpoint description: unknown parameter \"iface\"; known: port, interface,"
                + " backlog\n"
                + "  tcp:80:iface=lo\n"
                + "         ^^^^^^^^");
  }

  @Test
  void aMissingPortPointsAtTheEnd() {
    assertThatThrownBy(() -> Endpoints.client(reactor, "tcp:host=example.com"))
        .isInstanceOfSatisfying(
            EndpointDescriptionException.class,
            e -> assertThat(e.errorOffset()).isEqualTo("tcp:host=example.com".length()))
        .hasMessageContaining("missing port");
  }

  @Test
  void otherMistakesNameTheirPart() {
    assertThatThrownBy(() -> Endpoints.server(reactor, ""))
        .hasMessageContaining("description is empty");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80:backlog=-1"))
        .hasMessageContaining("backlog must be a non-negative integer: \"-1\"");
    assertThatThrownBy(() -> Endpoints.client(reactor, "tcp:h:80:timeout=soon"))
        .hasMessageContaining("timeout must be a non-negative number of seconds: \"soon\"");
    assertThatThrownBy(() -> Endpoints.client(reactor, "tcp:h:80:bindAddress=myhost"))
        .hasMessageContaining("expected an IP address literal: \"myhost\"");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80:81"))
        .hasMessageContaining("too many positional arguments");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80:port=81"))
        .hasMessageContaining("given both by position and by name");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:port=80:port=81"))
        .hasMessageContaining("\"port\" is given twice");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:port=80:81"))
        .hasMessageContaining("positional argument \"81\" after keyword arguments");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80\\"))
        .hasMessageContaining("backslash at the end");
  }

  @Test
  void addressesMustBeStrictIpLiteralsAndAreNeverLookedUp() {
    // Each of these used to reach InetAddress.getByName: a blocking lookup, or a lenient parse.
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80:interface=999.1.1.1"))
        .hasMessageContaining("expected an IP address literal: \"999.1.1.1\"");
    assertThatThrownBy(() -> Endpoints.server(reactor, "tcp:80:interface=01.2.3.4"))
        .hasMessageContaining("expected an IP address literal: \"01.2.3.4\"");
    assertThatThrownBy(() -> Endpoints.client(reactor, "tcp:h:80:bindAddress=1\\:\\:\\:2"))
        .hasMessageContaining("expected an IP address literal: \"1:::2\"");
    assertThatThrownBy(() -> Endpoints.client(reactor, "tcp:h:80:bindAddress=fe80\\:\\:1%eth0"))
        .hasMessageContaining("expected an IP address literal: \"fe80::1%eth0\"");

    assertThat(Endpoints.server(reactor, "tcp:80:interface=[\\:\\:1]"))
        .asInstanceOf(type(TcpServerEndpoint.class))
        .satisfies(s -> assertThat(s.networkInterface()).isEqualTo("0:0:0:0:0:0:0:1"));
  }

  @Test
  void theParsedClientConnectsThroughTheReactor() {
    Endpoints.client(reactor, "tcp:example.com:443:timeout=3").connect(peer -> null);

    assertThat(reactor.attempts).singleElement().satisfies(a -> {
      assertThat(a.host).isEqualTo("example.com");
      assertThat(a.port).isEqualTo(443);
      assertThat(a.timeout).isEqualTo(Duration.ofSeconds(3));
    });
  }
}
