package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.Protocol;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A client factory that records each callback, thread-safely, for the scenarios. */
class ScenarioClientFactory implements ClientFactory {
  final List<String> events = new CopyOnWriteArrayList<>();
  final AtomicReference<@Nullable ConnectFailedException> failed = new AtomicReference<>();
  final AtomicReference<@Nullable ConnectionEndedException> lost = new AtomicReference<>();
  private final Supplier<? extends @Nullable Protocol> protocols;

  ScenarioClientFactory(Supplier<? extends @Nullable Protocol> protocols) {
    this.protocols = protocols;
  }

  @Override
  public void startedConnecting(Connector connector) {
    events.add("startedConnecting");
  }

  @Override
  public @Nullable Protocol buildProtocol(SocketAddress peer) {
    events.add("buildProtocol");
    return protocols.get();
  }

  @Override
  public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
    events.add("failed:" + reason.getClass().getSimpleName());
    failed.set(reason);
  }

  @Override
  public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {
    events.add("lost:" + reason.getClass().getSimpleName());
    lost.set(reason);
  }

  boolean isFailed() {
    return failed.get() != null;
  }
}
