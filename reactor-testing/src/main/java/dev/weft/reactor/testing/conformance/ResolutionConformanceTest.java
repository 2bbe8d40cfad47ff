package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Deferred;
import dev.weft.reactor.DnsLookupException;
import dev.weft.reactor.ListeningPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about host names, which every Weft reactor must pass alike: a name that resolves
 * connects like its address; a name that does not fails the attempt with a
 * {@link DnsLookupException} that names the host and carries the resolver's reason; an IP
 * literal needs no lookup. The driver supplies the names ({@link ReactorDriver#addHostName},
 * {@link ReactorDriver#failHostName}), so no scenario asks the machine's DNS. Extend it and
 * implement {@link #createDriver()}.
 *
 * <p>Twisted: {@code twisted.internet.test.test_resolver}; Netty: {@code SocketConnectTest}'s
 * unresolved-address cases.
 */
public abstract class ResolutionConformanceTest extends ReactorConformanceTest {
  private static final String KNOWN = "service.conformance.test";
  private static final String UNKNOWN = "missing.conformance.test";
  private static final String REASON = "Name or service not known";

  /** Creates the scenarios; subclasses supply the driver. */
  protected ResolutionConformanceTest() {}

  @Test
  void aHostNameThatResolvesConnectsToItsAddress() {
    driver().addHostName(KNOWN, driver().loopbackHost());
    List<ScenarioProtocol> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, ScenarioProtocol.echoer()));
    ScenarioProtocol client = ScenarioProtocol.recorder();
    ScenarioClientFactory factory = new ScenarioClientFactory(() -> client);

    driver().onReactor(() -> reactor().connectTCP(KNOWN, port.host().getPort(), factory));
    driver().runUntil(client::isMade, "connected by name");
    driver().onReactor(() -> client.link().write(bytes("by name")));
    driver().runUntil(() -> client.received().equals("by name"), "echo received");

    assertThat(factory.events).containsExactly("startedConnecting", "buildProtocol");
    InetSocketAddress peer = driver().onReactor(() -> (InetSocketAddress) client.link().peer());
    assertThat(peer.getAddress().getHostAddress()).isEqualTo(driver().loopbackHost());
    assertThat(peer.getPort()).isEqualTo(port.host().getPort());
  }

  @Test
  void aHostNameThatDoesNotResolveFailsTheAttemptWithTheDnsReason() {
    driver().failHostName(UNKNOWN, REASON);
    ScenarioClientFactory factory = new ScenarioClientFactory(ScenarioProtocol::recorder);

    driver().onReactor(() -> reactor().connectTCP(UNKNOWN, 80, factory));
    driver().runUntil(factory::isFailed, "the attempt failed");

    assertThat(factory.events).containsExactly("startedConnecting", "failed:DnsLookupException");
    assertThat(factory.failed.get())
        .isInstanceOf(DnsLookupException.class)
        .hasMessageContaining(UNKNOWN);
    assertThat(messages(factory.failed.get())).anySatisfy(m -> assertThat(m).contains(REASON));
  }

  @Test
  void resolveAnswersANameAndFailsAnUnknownOneWithTheDnsReason() {
    driver().addHostName(KNOWN, driver().loopbackHost());
    driver().failHostName(UNKNOWN, REASON);

    Deferred<List<InetAddress>> known = driver().onReactor(() -> reactor().resolve(KNOWN));
    Deferred<List<InetAddress>> unknown = driver().onReactor(() -> reactor().resolve(UNKNOWN));
    driver().runUntil(() -> known.isDone() && unknown.isDone(), "both lookups answered");

    assertThat(known.join()).extracting(InetAddress::getHostAddress)
        .containsExactly(driver().loopbackHost());
    Throwable failure = cause(unknown);
    assertThat(failure).isInstanceOf(DnsLookupException.class).hasMessageContaining(UNKNOWN);
    assertThat(messages(failure)).anySatisfy(m -> assertThat(m).contains(REASON));
  }

  @Test
  void anIpLiteralResolvesToItselfWithoutALookup() {
    driver().failHostName(driver().loopbackHost(), "a literal must never be looked up");

    Deferred<List<InetAddress>> literal =
        driver().onReactor(() -> reactor().resolve(driver().loopbackHost()));
    driver().runUntil(literal::isDone, "the literal answered");

    assertThat(literal.join()).extracting(InetAddress::getHostAddress)
        .containsExactly(driver().loopbackHost());
  }

  private static Throwable cause(Deferred<?> failed) {
    try {
      failed.join();
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
    throw new AssertionError("expected the lookup to fail, but it succeeded: " + failed);
  }

  /** The messages of {@code failure} and of every cause below it. */
  private static List<String> messages(@Nullable Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null && messages.size() < 10; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return messages;
  }
}
