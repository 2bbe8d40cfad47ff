package dev.weft.reactor.recording;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.internal.WrappedFactories;
import dev.weft.reactor.recording.Recording.Side;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records real sessions: wraps a factory (or one protocol) so that every connection it serves is
 * written down as a {@link Recording}, the bytes each way with their timing by the reactor's
 * clock, and handed to a consumer when the connection ends. Works on any reactor: on
 * {@code NioReactor} the timing is real time, on the fakes fake time. The wrapped protocol runs
 * as before and sees the same bytes; the recorder only copies them.
 *
 * <pre>{@code
 * reactor.listenTCP(8080, SessionRecorder.server(pageServer, reactor, sessions::add));
 * ...
 * sessions.get(0).write(Path.of("src/test/resources/one-page.weft"));
 * }</pre>
 *
 * <p>Everything runs on the reactor thread, as the wrapped protocol's callbacks do; the consumer
 * is called there too, from the connection's {@code connectionLost}. The wrapped protocol is given
 * a {@link dev.weft.reactor.TcpTransport} (its TCP options fail on a transport that has none);
 * a protocol that needs another transport type (a {@code TlsTransport}) cannot be wrapped. Wrap
 * the protocol inside a TLS layer to record the plain text, outside to record the records.
 * A {@link HalfCloseableProtocol} stays one, and the recording shows the half-closes.
 */
public final class SessionRecorder {
  private SessionRecorder() {}

  /**
   * Wraps a server's factory: each accepted connection is recorded, seen from the server.
   *
   * @param factory the server's factory
   * @param time the reactor's time, for the delays
   * @param sessions given each connection's recording when it ends
   * @return a factory to listen with in place of {@code factory}
   */
  public static ProtocolFactory server(
      ProtocolFactory factory, ReactorTime time, Consumer<Recording> sessions) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(sessions, "sessions");
    return WrappedFactories.server(
        factory, built -> protocol(built, Side.SERVER, time, sessions), "recording");
  }

  /**
   * Wraps a client's factory: each connection it makes is recorded, seen from the client. The
   * factory's connection callbacks are passed through.
   *
   * @param factory the client's factory
   * @param time the reactor's time, for the delays
   * @param sessions given each connection's recording when it ends
   * @return a factory to connect with in place of {@code factory}
   */
  public static ClientFactory client(
      ClientFactory factory, ReactorTime time, Consumer<Recording> sessions) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(sessions, "sessions");
    return WrappedFactories.client(
        factory, built -> protocol(built, Side.CLIENT, time, sessions), "recording");
  }

  /**
   * Wraps one protocol: its connection is recorded, seen from {@code side}.
   *
   * @param protocol the protocol
   * @param side which end of the connection it is
   * @param time the reactor's time, for the delays
   * @param done given the recording when the connection ends
   * @return a protocol to hand the reactor in place of {@code protocol}; a
   *     {@link HalfCloseableProtocol} if {@code protocol} is one
   */
  public static Protocol protocol(
      Protocol protocol, Side side, ReactorTime time, Consumer<Recording> done) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(done, "done");
    SessionLog log = new SessionLog(side, time, done);
    return protocol instanceof HalfCloseableProtocol halfCloseable
        ? new RecordingProtocol.HalfCloseable(halfCloseable, log)
        : new RecordingProtocol(protocol, log);
  }
}
