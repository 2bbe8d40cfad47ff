package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failing test whose Clock carries a network gets the network's trace as a suppressed
 * exception and its sequence diagram as a file; a passing one gets nothing written.
 */
class TraceReporterTest {
  @TempDir Path dir;
  private String before;

  @BeforeEach
  void pointTheDiagramsAtATempDir() {
    before = System.getProperty(TraceReporter.DIRECTORY_PROPERTY);
    System.setProperty(TraceReporter.DIRECTORY_PROPERTY, dir.toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(TraceReporter.DIRECTORY_PROPERTY);
    } else {
      System.setProperty(TraceReporter.DIRECTORY_PROPERTY, before);
    }
  }

  /** Writes a greeting when connected; the server side discards what it reads. */
  static final class Greeter extends BaseProtocol {
    @Override
    public void connectionMade() {
      transport().write("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      data.position(data.limit());
    }
  }

  static Network exchange(Clock clock) {
    Network network = Network.builder().clock(clock).latency(Duration.ofMillis(3)).build();
    Host server = network.host("server");
    Host client = network.host("client");
    server.reactor().listenTCP(80, ProtocolFactory.of(Greeter::new));
    client.reactor().connectTCP("server", 80, ClientFactory.of(Greeter::new));
    network.advance(Duration.ofMillis(20));
    return network;
  }

  @ExtendWith(ReactorExtension.class)
  @AllowLeftovers({dev.weft.reactor.testing.Leftover.Kind.OPEN_CONNECTIONS,
      dev.weft.reactor.testing.Leftover.Kind.LISTENING_PORTS})
  static class Failing {
    @Test
    void failsAfterAnExchange(Clock clock) {
      exchange(clock);
      throw new AssertionError("the greeting was wrong");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void failsInTwoInvocations(int n, Clock clock) {
      exchange(clock);
      throw new AssertionError("invocation " + n);
    }

    @Test
    void passes(Clock clock) {
      exchange(clock);
    }
  }

  @ExtendWith(ReactorExtension.class)
  static class Dirty {
    @Test
    void leavesTheConnectionsOpen(Clock clock) {
      exchange(clock);
    }
  }

  private Throwable failureOf(String method) {
    return EngineRuns.tests(Failing.class).failed().stream()
        .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(method))
        .findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }

  @Test
  void theFailureCarriesTheTraceTextAndThePathOfTheDiagram() throws Exception {
    Throwable failure = failureOf("failsAfterAnExchange");

    assertThat(failure).hasMessage("the greeting was wrong");
    assertThat(failure.getSuppressed()).hasSize(1);
    Throwable trace = failure.getSuppressed()[0];
    assertThat(trace).isInstanceOf(TraceReporter.NetworkTrace.class);
    Path svg = dir.resolve(Failing.class.getName()).resolve("failsAfterAnExchange.svg");
    assertThat(trace.getMessage())
        .startsWith("What the network did (sequence diagram: " + svg.toAbsolutePath() + ")")
        .contains("#1 client -> server  CONNECT to server:80")
        .contains("#1 client -> server  DATA 5 bytes \"hello\"")
        .contains("#1 server -> client  DATA 5 bytes \"hello\"");
    assertThat(trace.getStackTrace()).isEmpty();
    assertThat(Files.readString(svg)).startsWith("<?xml").contains("data-host=\"client\"");
    assertThat(Files.readString(svg.resolveSibling("failsAfterAnExchange.mmd")))
        .startsWith("sequenceDiagram");
  }

  @Test
  void eachInvocationOfAParameterizedTestHasItsOwnDiagram() {
    failureOf("failsInTwoInvocations");

    Path classDir = dir.resolve(Failing.class.getName());
    assertThat(classDir.resolve("failsInTwoInvocations-1.svg")).exists();
    assertThat(classDir.resolve("failsInTwoInvocations-2.svg")).exists();
    assertThat(classDir.resolve("passes.svg")).doesNotExist();
  }

  @Test
  void aDirtyReactorFailureCarriesTheTraceToo() {
    Throwable failure = EngineRuns.onlyFailure(Dirty.class);

    assertThat(failure).hasMessageStartingWith("Reactor is dirty");
    assertThat(Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage))
        .anySatisfy(m -> assertThat(m).contains("CONNECTED"));
    assertThat(dir.resolve(Dirty.class.getName()).resolve("leavesTheConnectionsOpen.svg"))
        .exists();
  }
}
