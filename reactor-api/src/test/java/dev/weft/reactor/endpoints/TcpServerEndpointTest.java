package dev.weft.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.doubles.ScriptedReactor;
import org.junit.jupiter.api.Test;

class TcpServerEndpointTest {
  private final ScriptedReactor reactor = new ScriptedReactor();
  private final ProtocolFactory factory = peer -> null;

  @Test
  void listenPassesPortBacklogAndInterfaceToTheReactor() {
    Deferred<ListeningPort> port =
        new TcpServerEndpoint(reactor, 8080, 7, "127.0.0.1").listen(factory);

    assertThat(port).isCompleted();
    assertThat(reactor.listens)
        .containsExactly(new ScriptedReactor.Listen(8080, factory, 7, "127.0.0.1"));
  }

  @Test
  void defaultsAreAllInterfacesAndTwistedsBacklog() {
    new TcpServerEndpoint(reactor, 0).listen(factory);

    assertThat(reactor.listens)
        .containsExactly(new ScriptedReactor.Listen(0, factory, 50, ""));
  }

  @Test
  void aPortThatCannotBeOpenedFailsTheDeferred() {
    reactor.listenFailure = new CannotListenException("address in use");

    Deferred<ListeningPort> port = new TcpServerEndpoint(reactor, 80).listen(factory);

    assertThatThrownBy(port::join).hasCause(reactor.listenFailure);
  }

  @Test
  void badArgumentsAreRejectedWithTheirValues() {
    assertThatThrownBy(() -> new TcpServerEndpoint(reactor, -1))
        .hasMessage("port must be in 0..65535: -1");
    assertThatThrownBy(() -> new TcpServerEndpoint(reactor, 1, -5, ""))
        .hasMessage("backlog must not be negative: -5");
  }
}
