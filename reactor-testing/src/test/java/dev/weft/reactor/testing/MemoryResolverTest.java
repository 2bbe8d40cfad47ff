package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.DnsLookupException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MemoryResolverTest {
  private final MemoryResolver resolver = new MemoryResolver();

  @Test
  void mappedHostResolvesToItsAddressesInOrder() {
    resolver.map("db.test", "192.0.2.1", "2001:db8::1");
    List<InetAddress> found = resolver.resolve("DB.test").join();
    assertThat(found).extracting(InetAddress::getHostAddress)
        .containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1");
  }

  @Test
  void ipLiteralsResolveToThemselves() {
    assertThat(resolver.resolve("10.0.0.7").join())
        .extracting(InetAddress::getHostAddress).containsExactly("10.0.0.7");
    assertThat(resolver.resolve("[::1]").join()).singleElement()
        .satisfies(a -> assertThat(a.isLoopbackAddress()).isTrue());
  }

  @Test
  void unknownHostFailsWithDnsLookupAndSaysHowToFixIt() {
    assertThat(resolver.resolve("nowhere.test")).isCompletedExceptionally();
    assertThatThrownBy(() -> resolver.resolve("nowhere.test").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(DnsLookupException.class)
        .hasMessageContaining("map(host, addresses)");
  }

  @Test
  void failedHostFailsWithTheChosenReason() {
    DnsLookupException reason = new DnsLookupException("SERVFAIL");
    resolver.fail("flaky.test", reason);
    assertThatThrownBy(() -> resolver.resolve("flaky.test").join()).hasCause(reason);
    resolver.fail("gone.test");
    assertThatThrownBy(() -> resolver.resolve("gone.test").join())
        .hasCauseInstanceOf(DnsLookupException.class);
  }

  @Test
  void mapReplacesAFailureAndViceVersa() {
    resolver.fail("h.test");
    resolver.map("h.test", "192.0.2.2");
    assertThat(resolver.resolve("h.test")).isCompleted();
    resolver.fail("h.test");
    assertThat(resolver.resolve("h.test")).isCompletedExceptionally();
  }

  @Test
  void lookupsAreRecordedInOrderAsGiven() {
    resolver.map("a.test", "192.0.2.3");
    resolver.resolve("a.test");
    resolver.resolve("B.test");
    resolver.resolve("127.0.0.1");
    assertThat(resolver.lookups()).containsExactly("a.test", "B.test", "127.0.0.1");
  }

  @Test
  void badInputFails() {
    assertThatThrownBy(() -> resolver.map("h", "not-an-ip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an IP literal: not-an-ip");
    assertThatThrownBy(() -> resolver.map("h", new String[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolver.map("", "1.2.3.4")).hasMessage("host must not be empty");
    assertThatThrownBy(() -> resolver.resolve(null)).hasMessage("host");
  }

  @Test
  void reactorResolvesWithItsResolver() {
    MemoryReactor reactor = new MemoryReactor();
    reactor.resolver().map("svc.test", "192.0.2.9");
    assertThat(reactor.resolve("svc.test").join())
        .extracting(InetAddress::getHostAddress).containsExactly("192.0.2.9");
  }
}
