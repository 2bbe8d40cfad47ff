package dev.weft.reactor.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.Connector;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.TcpTransport;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Protocol;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UNIX-domain sockets on {@link NioReactor}: the socket file's life (created, removed on stop,
 * stale files cleared, other files never touched) and the typed errors, in a short temporary
 * directory under {@code /tmp} (socket paths are limited to about a hundred bytes).
 */
class NioUnixIT {
  private final List<NioReactorDriver> drivers = new ArrayList<>();
  private Path dir = Path.of("/nonexistent");

  @BeforeEach
  void createDirectory() throws IOException {
    dir = NioUnixDriver.shortTempDirectory();
  }

  @AfterEach
  void stopReactorsAndRemoveTheDirectory() {
    drivers.forEach(NioReactorDriver::close);
    NioUnixDriver.deleteTree(dir);
  }

  private NioReactorDriver driver() {
    NioReactorDriver d = new NioReactorDriver();
    drivers.add(d);
    return d;
  }

  private static ListeningPort listen(NioReactorDriver d, Path path) {
    return d.onReactor(
        () -> d.reactor().listenUNIX(path, peer -> new ProbeProtocol(true)));
  }

  private static Factory connect(NioReactorDriver d, Path path, ProbeProtocol p) {
    Factory factory = new Factory(() -> p);
    d.onReactor(() -> d.reactor().connectUNIX(path, factory));
    return factory;
  }

  private static boolean isSocketFile(Path path) throws IOException {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        && ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
            == 0140000;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void listeningCreatesTheSocketFileAndStoppingRemovesIt() throws Exception {
    NioReactorDriver d = driver();
    Path path = dir.resolve("s.sock");

    ListeningPort port = listen(d, path);

    assertThat(isSocketFile(path)).isTrue();
    assertThat(port.address()).isEqualTo(UnixDomainSocketAddress.of(path));
    assertThatThrownBy(port::host)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("call address()");
    d.onReactor(port::stopListening);
    assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void transportsSeeThePathOnTheServerSideAndAnUnnamedClient() {
    NioReactorDriver d = driver();
    Path path = dir.resolve("a.sock");
    List<ProbeProtocol> servers = new CopyOnWriteArrayList<>();
    d.onReactor(() -> d.reactor().listenUNIX(path, peer -> add(servers, new ProbeProtocol(true))));
    ProbeProtocol client = new ProbeProtocol(false);
    connect(d, path, client);
    d.runUntil(() -> client.isMade() && servers.size() == 1, "connected");

    d.onReactor(() -> {
      assertThat(client.link().peer()).isEqualTo(UnixDomainSocketAddress.of(path));
      assertThat(client.link().host()).isEqualTo(UnixDomainSocketAddress.of(""));
      assertThat(servers.get(0).link().host()).isEqualTo(UnixDomainSocketAddress.of(path));
      assertThat(servers.get(0).link().peer()).isEqualTo(UnixDomainSocketAddress.of(""));
    });
  }

  @Test
  void tcpOptionsDoNotApplyToAUnixTransport() {
    NioReactorDriver d = driver();
    Path path = dir.resolve("o.sock");
    listen(d, path);
    ProbeProtocol client = new ProbeProtocol(false);
    connect(d, path, client);
    d.runUntil(client::isMade, "connected");

    assertThatThrownBy(() -> d.onReactor(() -> ((TcpTransport) client.link()).setTcpNoDelay(true)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void listeningWhereALiveServerListensFailsAndLeavesItServing() {
    NioReactorDriver d = driver();
    Path path = dir.resolve("live.sock");
    listen(d, path);

    assertThatThrownBy(() -> listen(d, path))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining(path.toString())
        .hasMessageContaining("in use, a server is accepting connections on it");

    ProbeProtocol client = new ProbeProtocol(false);
    connect(d, path, client);
    d.runUntil(client::isMade, "the first server still accepts");
  }

  @Test
  void listeningWhereAServerOutsideThisReactorListensFailsAfterProbingIt() throws Exception {
    Path path = dir.resolve("other.sock");
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(path));
      NioReactorDriver d = driver();

      assertThatThrownBy(() -> listen(d, path))
          .isInstanceOf(CannotListenException.class)
          .hasMessageContaining("the path is in use");
      assertThat(isSocketFile(path)).isTrue();
      other.configureBlocking(false); // never wait: the probe is queued, or the test fails
      try (java.nio.channels.SocketChannel probe = other.accept()) {
        assertThat(probe).as("the probe's connection, queued on the live server").isNotNull();
      }
    }
  }

  @Test
  void aStaleSocketFileIsRemovedAndTheNewServerListens() throws Exception {
    Path path = dir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    assertThat(isSocketFile(path)).isTrue();
    NioReactorDriver d = driver();

    listen(d, path);
    ProbeProtocol client = new ProbeProtocol(false);
    connect(d, path, client);
    d.runUntil(client::isMade, "connected to the new server");
    d.onReactor(() -> client.link().write("ping".getBytes(StandardCharsets.UTF_8)));
    d.runUntil(() -> client.received.get() == 4, "echo");
  }

  @Test
  void aCrashedReactorLeavesAStaleFileTheNextServerReplaces() throws Exception {
    Path path = dir.resolve("crash.sock");
    NioReactor crashed = NioReactor.create();
    crashed.listenUNIX(path, peer -> new ProbeProtocol(true));
    crashed.crash();
    assertThat(isSocketFile(path)).isTrue();

    NioReactorDriver d = driver();
    listen(d, path);
    ProbeProtocol client = new ProbeProtocol(false);
    connect(d, path, client);
    d.runUntil(client::isMade, "connected to the new server");
  }

  @Test
  void aFileThatIsNotASocketIsNeverRemoved() throws Exception {
    Path path = dir.resolve("notes.txt");
    Files.writeString(path, "keep me");
    NioReactorDriver d = driver();

    assertThatThrownBy(() -> listen(d, path))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining("a file that is not a socket is in the way");
    assertThat(Files.readString(path)).isEqualTo("keep me");
  }

  @Test
  void stoppingDoesNotRemoveASocketFileAnotherServerCreatedSince() throws Exception {
    NioReactorDriver d = driver();
    Path path = dir.resolve("moved.sock");
    ListeningPort port = listen(d, path);
    Files.delete(path);
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(path));

      d.onReactor(port::stopListening);

      assertThat(isSocketFile(path)).isTrue();
    }
  }

  @Test
  void listeningInAMissingDirectoryFailsNamingThePath() {
    NioReactorDriver d = driver();
    Path path = dir.resolve("missing/s.sock");

    assertThatThrownBy(() -> listen(d, path))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining(path.toString())
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void connectingToAMissingPathIsRefusedAsTheSystemSays() {
    NioReactorDriver d = driver();
    Factory factory = connect(d, dir.resolve("nobody.sock"), new ProbeProtocol(false));

    d.runUntil(factory::isFailed, "refused");

    assertThat(factory.failed.get())
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void connectingToAStaleSocketFileIsRefused() throws Exception {
    Path path = dir.resolve("dead.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    NioReactorDriver d = driver();
    Factory factory = connect(d, path, new ProbeProtocol(false));

    d.runUntil(factory::isFailed, "refused");

    assertThat(factory.failed.get())
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining("Connection refused");
  }

  @Test
  void aServerWhoseAcceptQueueIsFullFailsTheAttemptAtOnceQuotingTheSystem() throws Exception {
    Path path = dir.resolve("busy.sock");
    List<java.nio.channels.SocketChannel> fillers = new ArrayList<>();
    try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      busy.bind(UnixDomainSocketAddress.of(path), 1);
      boolean full = false;
      for (int i = 0; i < 64 && !full; i++) {
        java.nio.channels.SocketChannel filler =
            java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX);
        fillers.add(filler);
        filler.configureBlocking(false);
        try {
          filler.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException queueFull) {
          full = true;
        }
      }
      assertThat(full).as("the accept queue of a backlog-1 socket filled up").isTrue();
      NioReactorDriver d = driver();

      Factory factory = connect(d, path, new ProbeProtocol(false));
      d.runUntil(factory::isFailed, "failed");

      assertThat(factory.failed.get())
          .isExactlyInstanceOf(ConnectFailedException.class)
          .hasMessageContaining("Resource temporarily unavailable");
    } finally {
      for (java.nio.channels.SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void theConnectorReportsThePathAsItsDestination() {
    NioReactorDriver d = driver();
    Path path = dir.resolve("dest.sock");
    Connector connector = d.onReactor(
        () -> d.reactor().connectUNIX(path, new Factory(() -> new ProbeProtocol(false))));

    assertThat(connector.destinationAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
    assertThatThrownBy(connector::destination).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void listeningWhereItIsNotPermittedFailsWithAccessDenied() throws Exception {
    assumeFalse(isRoot(), "root may create files in any directory");
    Path locked = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    NioReactorDriver d = driver();

    assertThatThrownBy(() -> listen(d, locked.resolve("s.sock")))
        .isInstanceOf(CannotListenException.class)
        .hasMessageContaining("permission denied")
        .hasCauseInstanceOf(AccessDeniedException.class);
  }

  @Test
  void connectingToASocketThisProcessMayNotWriteFailsWithAccessDenied() throws Exception {
    assumeFalse(isRoot(), "root may connect to any socket");
    NioReactorDriver d = driver();
    Path path = dir.resolve("private.sock");
    listen(d, path);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("---------"));
    Factory factory = connect(d, path, new ProbeProtocol(false));

    d.runUntil(factory::isFailed, "failed");

    assertThat(factory.failed.get())
        .isExactlyInstanceOf(ConnectFailedException.class)
        .hasCauseInstanceOf(AccessDeniedException.class);
  }

  /** Records how an attempt went, for the test thread. */
  private static final class Factory implements ClientFactory {
    final AtomicReference<@Nullable ConnectFailedException> failed = new AtomicReference<>();
    private final java.util.function.Supplier<Protocol> protocols;

    Factory(java.util.function.Supplier<Protocol> protocols) {
      this.protocols = protocols;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
      return protocols.get();
    }

    @Override
    public void clientConnectionFailed(Connector connector, ConnectFailedException reason) {
      failed.set(reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionEndedException reason) {}

    boolean isFailed() {
      return failed.get() != null;
    }
  }

  private static <T> T add(List<T> list, T item) {
    list.add(item);
    return item;
  }
}
