package dev.weft.reactor.testing;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.internal.Checks;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MemoryReactor} whose {@code listenTCP} and/or {@code connectTCP} throw the exception
 * the test chose, after checking their arguments, to test code that must survive a port that
 * cannot be opened or a connect that fails synchronously. A method with no exception chosen
 * behaves as in {@link MemoryReactor}. Nothing is recorded for a call that throws.
 *
 * <p>Not thread-safe, except {@code callFromThread}. Twisted:
 * {@code twisted.internet.testing.RaisingMemoryReactor}.
 */
public final class RaisingMemoryReactor extends MemoryReactor {
  private final @Nullable RuntimeException listenFailure;
  private final @Nullable RuntimeException connectFailure;

  /**
   * Creates the reactor.
   *
   * @param listenFailure what {@code listenTCP} throws, or {@code null} to listen normally
   * @param connectFailure what {@code connectTCP} throws, or {@code null} to connect normally
   */
  public RaisingMemoryReactor(
      @Nullable RuntimeException listenFailure, @Nullable RuntimeException connectFailure) {
    this.listenFailure = listenFailure;
    this.connectFailure = connectFailure;
  }

  /**
   * Creates a reactor whose {@code listenTCP} throws {@code failure}.
   *
   * @param failure usually a {@link dev.weft.reactor.CannotListenException}
   * @return the reactor
   */
  public static RaisingMemoryReactor failingListen(RuntimeException failure) {
    return new RaisingMemoryReactor(Objects.requireNonNull(failure, "failure"), null);
  }

  /**
   * Creates a reactor whose {@code connectTCP} throws {@code failure}.
   *
   * @param failure the exception
   * @return the reactor
   */
  public static RaisingMemoryReactor failingConnect(RuntimeException failure) {
    return new RaisingMemoryReactor(null, Objects.requireNonNull(failure, "failure"));
  }

  @Override
  public ListeningPort listenTCP(
      int port, ProtocolFactory factory, int backlog, String networkInterface) {
    if (listenFailure != null) {
      Checks.listenTcp(port, factory, backlog, networkInterface);
      throw listenFailure;
    }
    return super.listenTCP(port, factory, backlog, networkInterface);
  }

  @Override
  public Connector connectTCP(
      String host,
      int port,
      ClientFactory factory,
      Duration timeout,
      @Nullable SocketAddress bindAddress) {
    if (connectFailure != null) {
      Checks.connectTcp(host, port, factory, timeout);
      throw connectFailure;
    }
    return super.connectTCP(host, port, factory, timeout, bindAddress);
  }
}
