package dev.weft.reactor.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @Test
  void parsesIpv4AndIpv6Literals() {
    assertThat(IpLiterals.parse("192.0.2.1").getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(IpLiterals.parse("::1").isLoopbackAddress()).isTrue();
    assertThat(IpLiterals.parse("[2001:db8::2]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:2");
    assertThat(IpLiterals.parse("::ffff:192.0.2.1")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "localhost", "1.2.3", "256.1.1.1", "www:1", "host:80",
      "a.b.c.d", "gg::1", ".:1", "%eth0"})
  void namesAndMalformedLiteralsAreNotLiteralsAndNeverLookedUp(String host) {
    assertThat(IpLiterals.parse(host)).isNull();
  }
}
