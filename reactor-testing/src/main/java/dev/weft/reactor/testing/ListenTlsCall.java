package dev.weft.reactor.testing;

import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.tls.TlsConfig;
import java.util.Objects;

/**
 * The arguments of one {@code listenTLS} call recorded by a {@link MemoryReactor}, exactly as
 * given, with the port it opened. A TLS listen is a TCP listen with the TLS layer in front of
 * {@code factory}, so it also appears among the TCP listens, with the layer's factory.
 *
 * @param port the requested port (0 stays 0 here; the assigned one is {@code listeningPort.host()})
 * @param factory the application's factory
 * @param config the server config
 * @param backlog the backlog
 * @param networkInterface the interface, {@code ""} for all
 * @param listeningPort the port the call opened
 */
public record ListenTlsCall(
    int port,
    ProtocolFactory factory,
    TlsConfig config,
    int backlog,
    String networkInterface,
    MemoryListeningPort listeningPort) {

  /**
   * Checks the components.
   *
   * @param port the requested port
   * @param factory the application's factory
   * @param config the server config
   * @param backlog the backlog
   * @param networkInterface the interface
   * @param listeningPort the port the call opened
   */
  public ListenTlsCall {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(networkInterface, "networkInterface");
    Objects.requireNonNull(listeningPort, "listeningPort");
  }
}
