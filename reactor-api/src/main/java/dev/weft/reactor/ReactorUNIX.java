package dev.weft.reactor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * UNIX-domain stream servers and clients: connections between processes of one machine through
 * a socket file. Methods must be called on the reactor thread.
 *
 * <p>A UNIX-domain connection is a stream connection like a TCP one and keeps every TCP
 * contract: the same {@link Protocol} callbacks, the same {@link Transport} (writes, producers
 * and flow control, {@link Transport#loseWriteConnection() half-close}, abort), the same
 * {@link ProtocolFactory} and {@link ClientFactory} with the same order of callbacks, the same
 * {@link Connector} and {@link ListeningPort}. Only addresses differ: they are
 * {@link java.net.UnixDomainSocketAddress}es. {@link ListeningPort#address()} and
 * {@link Connector#destinationAddress()} return the path's address (the IP-only
 * {@link ListeningPort#host()} and {@link Connector#destination()} throw
 * {@link UnsupportedOperationException}); a transport's {@code host()} and {@code peer()} are
 * {@code UnixDomainSocketAddress}es, the client's own side unnamed (an empty path). TCP
 * options do not apply: a protocol that casts its transport to {@link TcpTransport} and sets
 * or reads one gets an {@link UnsupportedOperationException}, on every reactor.
 *
 * <p><b>The socket file.</b> Listening creates the socket file at the path, and
 * {@link ListeningPort#stopListening()} removes it, so a path is free again once its server
 * stopped. A process that dies, or a reactor that {@linkplain ReactorCore#crash() crashed},
 * leaves a stale file behind; {@code listenUNIX} removes a stale socket file, one that no server
 * accepts on (the reactor checks by connecting to it), and then listens, so a restarted server
 * does not need a clean-up script. It never removes anything else: a path held by a live
 * server, or by a file that is not a socket, fails with {@link CannotListenException}.
 *
 * <p><b>Errors.</b> Listening fails with {@link CannotListenException} when the path is in use
 * by a live server, is taken by a file that is not a socket, or is not permitted (its cause is
 * then a {@link java.nio.file.AccessDeniedException}). Connecting fails with
 * {@link ConnectionRefusedException} when nothing listens at the path, whether no file exists
 * there or a stale socket file does (the system says "No such file or directory" or
 * "Connection refused", and the message quotes it), with {@link ConnectFailedException} whose
 * cause is an {@link java.nio.file.AccessDeniedException} when the socket is not writable by
 * this process, and with {@link ConnectTimeoutException} after the timeout.
 *
 * <p><b>Paths.</b> A path is a file-system path on the default file system, relative paths
 * resolved against the working directory. The system limits a socket path to a few more than a
 * hundred bytes (108 including the terminating zero on Linux, 104 on macOS); the reactors reject
 * a longer path than {@link #MAX_PATH_BYTES} at once, and a system with a shorter limit fails the
 * listen or connect with its own error. Prefer short directories such as {@code /tmp/app.sock}
 * or {@code $XDG_RUNTIME_DIR}.
 *
 * <p>Why a facet of its own, beside {@link Reactor} rather than in it: the production and fake
 * reactors implement it, but code that only needs TCP keeps compiling against {@code Reactor},
 * and code that needs UNIX sockets asks for exactly this facet.
 *
 * <p>Twisted: {@code IReactorUNIX}.
 */
public interface ReactorUNIX {

  /**
   * The longest socket path, in bytes of the platform's file-name encoding, the reactors accept:
   * 107, Linux's {@code sun_path} less its terminating zero.
   */
  int MAX_PATH_BYTES = 107;

  /**
   * Listens for UNIX-domain connections at {@code path}; each accepted connection gets a
   * protocol from {@code factory} (a {@code null} protocol closes that connection). A stale
   * socket file at the path is removed first; see the class comment.
   *
   * @param path where the socket file is created; its directory must exist
   * @param factory builds the protocols; its {@code doStart} runs now
   * @param backlog the accept queue length, not negative
   * @return the listening port; its {@link ListeningPort#address()} is the path's address
   * @throws CannotListenException if the path is in use by a live server or by a file that is
   *     not a socket, its directory is missing, or listening there is not permitted
   * @throws IllegalArgumentException if {@code path} is empty, longer than
   *     {@link #MAX_PATH_BYTES} or not on the default file system, or {@code backlog} is
   *     negative
   */
  ListeningPort listenUNIX(Path path, ProtocolFactory factory, int backlog);

  /**
   * Listens with the default backlog; see {@link #listenUNIX(Path, ProtocolFactory, int)}.
   *
   * @param path where the socket file is created
   * @param factory builds the protocols
   * @return the listening port
   */
  default ListeningPort listenUNIX(Path path, ProtocolFactory factory) {
    return listenUNIX(path, factory, ReactorTCP.DEFAULT_BACKLOG);
  }

  /**
   * Connects to a UNIX-domain server. Returns at once; the outcome is reported to
   * {@code factory} exactly as for {@link ReactorTCP#connectTCP}: see {@link ClientFactory} for
   * the order of callbacks, and the class comment for the errors.
   *
   * @param path the server's socket file
   * @param factory builds the protocol and hears how the attempt goes
   * @param timeout how long the attempt may take before it fails with
   *     {@link ConnectTimeoutException}, not negative
   * @return the connector for this attempt; its {@link Connector#destinationAddress()} is the
   *     path's address
   * @throws IllegalArgumentException if {@code path} is empty, longer than
   *     {@link #MAX_PATH_BYTES} or not on the default file system, or {@code timeout} is
   *     negative
   */
  Connector connectUNIX(Path path, ClientFactory factory, Duration timeout);

  /**
   * Connects with the default timeout; see {@link #connectUNIX(Path, ClientFactory, Duration)}.
   *
   * @param path the server's socket file
   * @param factory builds the protocol and hears how the attempt goes
   * @return the connector
   */
  default Connector connectUNIX(Path path, ClientFactory factory) {
    return connectUNIX(path, factory, ReactorTCP.DEFAULT_CONNECT_TIMEOUT);
  }
}
