package dev.weft.reactor.testing;

import dev.weft.reactor.testing.internal.LinkControl;
import dev.weft.reactor.testing.internal.LinkSpec;
import dev.weft.reactor.testing.internal.NetHooks;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The simulated network's access to the fakes' package-private parts. */
final class NetAccess implements NetHooks.Access {
  @Override
  public void join(MemoryReactor host, InetAddress address, Consumer<ClientAttempt> router,
      Function<String, @Nullable InetAddress> names) {
    host.joinNetwork(address, router);
    host.resolver().resolveThrough(names);
  }

  @Override
  public LinkControl link(ClientAttempt attempt, MemoryListeningPort port, LinkSpec spec) {
    return attempt.connectLinked(port, spec);
  }

  @Override
  public void forget(MemoryReactor host) {
    host.forgetEverything();
  }

  @Override
  public void whenCompleted(ClientAttempt attempt, Consumer<ClientAttempt> listener) {
    attempt.whenCompleted(listener);
  }

  @Override
  public boolean hasOwnResolverEntry(MemoryReactor host, String name) {
    return host.resolver().hasOwnEntry(name);
  }

  @Override
  public void attach(Clock clock, Object network) {
    clock.attachNetwork(network);
  }

  @Override
  public List<Object> networksOn(Clock clock) {
    return clock.networks();
  }

  @Override
  public String toString() {
    return "NetAccess";
  }

}
