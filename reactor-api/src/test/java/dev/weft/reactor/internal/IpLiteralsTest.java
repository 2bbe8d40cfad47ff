package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0                                 | 0.0.0.0",
        "127.0.0.1                               | 127.0.0.1",
        "192.0.2.1                               | 192.0.2.1",
        "255.255.255.255                         | 255.255.255.255",
        "10.0.10.100                             | 10.0.10.100",
        "::                                      | 0:0:0:0:0:0:0:0",
        "::1                                     | 0:0:0:0:0:0:0:1",
        "[::1]                                   | 0:0:0:0:0:0:0:1",
        "1::                                     | 1:0:0:0:0:0:0:0",
        "2001:db8::2                             | 2001:db8:0:0:0:0:0:2",
        "[2001:db8::2]                           | 2001:db8:0:0:0:0:0:2",
        "2001:DB8:0:0:8:800:200C:417A            | 2001:db8:0:0:8:800:200c:417a",
        "2001:db8:0:0:8:800:200c:417a            | 2001:db8:0:0:8:800:200c:417a",
        "ff01::101                               | ff01:0:0:0:0:0:0:101",
        "1:2:3:4:5:6:7::                         | 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8                         | 0:2:3:4:5:6:7:8",
        "1::2:3:4:5:6:7                          | 1:0:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8                         | 1:2:3:4:5:6:7:8",
        "0001:0002:0003:0004:0005:0006:0007:0008 | 1:2:3:4:5:6:7:8",
        "fe80::1:2                               | fe80:0:0:0:0:0:1:2",
        "::13.1.68.3                             | 0:0:0:0:0:0:d01:4403",
        "0:0:0:0:0:0:13.1.68.3                   | 0:0:0:0:0:0:d01:4403",
        "64:ff9b::192.0.2.33                     | 64:ff9b:0:0:0:0:c000:221",
        "1:2:3:4:5:6:1.2.3.4                     | 1:2:3:4:5:6:102:304",
        "1::5:6:1.2.3.4                          | 1:0:0:0:5:6:102:304",
        "::ffff:192.0.2.1                        | 192.0.2.1",
        "::FFFF:129.144.52.38                    | 129.144.52.38",
        "[::ffff:192.0.2.1]                      | 192.0.2.1",
      })
  void parsesLiteralsAsTheJdkDoes(String text, String hostAddress) throws Exception {
    InetAddress parsed = IpLiterals.parse(text);

    assertThat(parsed).isNotNull();
    assertThat(parsed.getHostAddress()).isEqualTo(hostAddress);
    assertThat(parsed).isEqualTo(InetAddress.getByName(text));
    assertThat(parsed.getClass()).isEqualTo(InetAddress.getByName(text).getClass());
    assertThat(IpLiterals.isLiteral(text)).isTrue();
  }

  @Test
  void ipv4MappedAddressesBecomeIpv4AndOthersStayIpv6() {
    assertThat(IpLiterals.parse("::ffff:1.2.3.4")).isInstanceOf(Inet4Address.class);
    assertThat(IpLiterals.parse("::1.2.3.4")).isInstanceOf(Inet6Address.class);
    assertThat(IpLiterals.parse("1.2.3.4")).isInstanceOf(Inet4Address.class);
  }

  @Test
  void aNumericZoneIdBecomesTheScopeId() {
    InetAddress parsed = IpLiterals.parse("fe80::1%3");

    assertThat(parsed).isInstanceOf(Inet6Address.class);
    assertThat(((Inet6Address) parsed).getScopeId()).isEqualTo(3);
    assertThat(((Inet6Address) IpLiterals.parse("[fe80::1%7]")).getScopeId()).isEqualTo(7);
    assertThat(parsed.getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1%3");
  }

  @Test
  void parsingNeverResolvesAName() {
    InetAddress parsed = IpLiterals.parse("192.0.2.1");

    // Nothing was looked up; the reverse name is only fetched when asked for.
    assertThat(parsed.toString()).isEqualTo("/192.0.2.1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "example.com",
        "localhost",
        "weft.test",
        // IPv4: ranges, part counts, leading zeros (octal to C resolvers), signs, spaces
        "999.1.1.1",
        "256.1.1.1",
        "1.256.1.1",
        "1.1.1.256",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "01.2.3.4",
        "1.2.3.04",
        "00.0.0.0",
        "1234.1.1.1",
        "+1.2.3.4",
        "-1.2.3.4",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.4%1",
        "0x7f.0.0.1",
        "2130706433",
        "a.b.c.d",
        "١.٢.٣.٤",
        "[1.2.3.4]",
        // IPv6: not hex, too many or too few groups, misplaced colons, bad embedded IPv4
        "g:h",
        "gg::1",
        "www:1",
        "host:80",
        ":",
        ":::",
        "1:::2",
        "::1::",
        "1::2::3",
        ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:",
        ":1::",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1::2:3:4:5:6:7:8",
        "12345::1",
        "1:2:3:4:5:6:7:1.2.3.4",
        "1:2:3:4:5:1.2.3.4",
        "::1.2.3.4:5",
        "1.2.3.4::",
        "::1.2.3",
        "::256.1.1.1",
        "::01.2.3.4",
        "::١",
        ".:1",
        // brackets and zones
        "[::1",
        "::1]",
        "[]",
        "[",
        "[[::1]]",
        "[::1]:80",
        "%eth0",
        "::1%",
        "fe80::1%eth0",
        "fe80::1%-1",
        "fe80::1%99999999999",
        "fe80::1%1%2",
      })
  void namesAndMalformedLiteralsAreNotLiterals(String text) {
    assertThat(IpLiterals.parse(text)).isNull();
    assertThat(IpLiterals.isLiteral(text)).isFalse();
  }
}
