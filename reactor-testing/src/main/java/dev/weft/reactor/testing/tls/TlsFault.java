package dev.weft.reactor.testing.tls;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.internal.WrappedFactories;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.tls.TlsRole;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A TLS fault on an in-memory connection, as a value: what goes wrong on the wire between two
 * real TLS layers, so a test sees what its protocol does when a handshake breaks off or a stream
 * is cut short. Apply it in one line to a recorded TLS attempt or to a pump of two TLS layers:
 *
 * <pre>{@code
 * Pump pump = TlsFault.truncateAfterRecords(2).connectTo(reactor.lastClientAttempt(), port);
 * pump.flush();
 * // the client read two records, then the connection closed without a close_notify:
 * assertThat(client.lost).isInstanceOf(TlsTruncatedException.class);
 * }</pre>
 *
 * <p>The fault sits between one side's TLS layer and its transport, where the ciphertext leaves
 * that side; it acts when that side sends, so what the test sees does not depend on how the pump
 * cuts the bytes. A cut is a TCP close with no TLS alert and no {@code close_notify}: every
 * byte written before it is delivered, nothing after it, and both sides' protocols hear the
 * typed reason the TLS layer gives such a close ({@link dev.weft.reactor.tls.TlsHandshakeException}
 * during the handshake, {@link dev.weft.reactor.tls.TlsTruncatedException} after it). The same
 * fault value can be applied to any number of connections.
 *
 * <p>Faults are values so that they print in a failure message and can be kept and replayed;
 * Twisted has no counterpart (its TLS tests script the memory BIO by hand).
 */
public sealed interface TlsFault permits TlsFault.FailHandshake, TlsFault.TruncateAfterRecords {

  /**
   * Loses {@code flight} of the handshake and cuts the connection where it would have been sent:
   * the handshake fails, and both protocols hear a
   * {@link dev.weft.reactor.tls.TlsHandshakeException}.
   *
   * @param flight the flight that never arrives
   * @return the fault
   */
  static TlsFault failHandshakeAt(TlsFlight flight) {
    return new FailHandshake(flight);
  }

  /**
   * Cuts the connection after the server has sent {@code records} TLS records once its
   * handshake completed: the client reads what those records carry, then the connection closes
   * without a {@code close_notify}, and both protocols hear a
   * {@link dev.weft.reactor.tls.TlsTruncatedException}. A write the server's protocol makes
   * after its handshake completed goes out as one record per 16 KiB, so {@code records} counts
   * its writes when they are smaller (writes kept during the handshake go out together, and a
   * TLS 1.3 session ticket the server sends as its handshake ends is not counted). The cut comes
   * when the server sends its next record.
   *
   * @param records how many records after the handshake get through, not negative
   * @return the fault
   * @throws IllegalArgumentException if {@code records} is negative
   */
  static TlsFault truncateAfterRecords(int records) {
    return new TruncateAfterRecords(TlsRole.SERVER, records);
  }

  /**
   * Cuts the connection after {@code sender} has sent {@code records} TLS records once its
   * handshake completed; see {@link #truncateAfterRecords(int)}.
   *
   * @param sender the side whose records are counted
   * @param records how many records get through, not negative
   * @return the fault
   * @throws IllegalArgumentException if {@code records} is negative
   */
  static TlsFault truncateAfterRecords(TlsRole sender, int records) {
    return new TruncateAfterRecords(sender, records);
  }

  /**
   * Returns the side where the fault sits: the side whose sending it acts on.
   *
   * @return the side
   */
  TlsRole side();

  /**
   * Puts the fault in front of one TLS layer: the returned protocol is what the transport
   * underneath should drive. For a transport of the test's own; pumps and recorded attempts
   * have the shorter methods below.
   *
   * @param layer a protocol made by {@link dev.weft.reactor.tls.TlsLayer}, for {@link #side()}
   * @return the protocol to attach to the transport
   * @throws IllegalArgumentException if {@code layer} is not a TLS layer
   */
  default Protocol wrap(Protocol layer) {
    return new FaultyTlsSide(this, Objects.requireNonNull(layer, "layer"));
  }

  /**
   * Puts the fault in front of every TLS layer {@code layers} builds, for a server whose
   * connections the test does not pump by hand, such as a host of a
   * {@link dev.weft.reactor.testing.net.Network}: listen with {@code listenTCP} and the returned
   * factory instead of {@code listenTLS} (the listen is then recorded as TCP). The fault must sit
   * on the server's side.
   *
   * <pre>{@code
   * web.reactor().listenTCP(443, TlsFault.truncateAfterRecords(1)
   *     .onServer(TlsLayer.server(factory, certificates.serverConfig(), web.reactor())));
   * }</pre>
   *
   * @param layers the server's TLS layers, as {@link dev.weft.reactor.tls.TlsLayer#server} makes
   *     them
   * @return the factory to listen with
   * @throws IllegalArgumentException if {@link #side()} is not the server
   */
  default ProtocolFactory onServer(ProtocolFactory layers) {
    Objects.requireNonNull(layers, "layers");
    if (side() != TlsRole.SERVER) {
      throw new IllegalArgumentException(this + " sits on the client's side; use onClient");
    }
    return WrappedFactories.server(layers, this::wrap, this + " on");
  }

  /**
   * Puts the fault in front of every TLS layer {@code layers} builds, for a client whose
   * connections the test does not pump by hand: connect with {@code connectTCP} and the
   * returned factory instead of {@code connectTLS} (the attempt is then recorded as TCP). The
   * fault must sit on the client's side.
   *
   * @param layers the client's TLS layers, as {@link dev.weft.reactor.tls.TlsLayer#client} makes
   *     them
   * @return the factory to connect with; it forwards every attempt callback to {@code layers}
   * @throws IllegalArgumentException if {@link #side()} is not the client
   */
  default ClientFactory onClient(ClientFactory layers) {
    Objects.requireNonNull(layers, "layers");
    if (side() != TlsRole.CLIENT) {
      throw new IllegalArgumentException(this + " sits on the server's side; use onServer");
    }
    return WrappedFactories.client(layers, this::wrap, this + " on");
  }

  /**
   * Sets the fault on a pump builder, on {@link #side()}, so it composes with a delivery policy
   * or a clock.
   *
   * @param pump the builder
   * @return {@code pump}
   */
  default Pump.Builder applyTo(Pump.Builder pump) {
    Objects.requireNonNull(pump, "pump");
    UnaryOperator<Protocol> faulty = this::wrap;
    return side() == TlsRole.SERVER
        ? pump.intercept(faulty, UnaryOperator.identity())
        : pump.intercept(UnaryOperator.identity(), faulty);
  }

  /**
   * Connects two TLS layers with a whole-write pump that has this fault.
   *
   * @param server the server's TLS layer
   * @param client the client's TLS layer
   * @return the pump; nothing has been delivered yet
   * @throws IllegalArgumentException if the faulty side's protocol is not a TLS layer
   */
  default Pump connect(Protocol server, Protocol client) {
    return applyTo(Pump.builder()).connect(server, client);
  }

  /**
   * Connects a recorded {@code connectTLS} attempt to a port opened by {@code listenTLS}, with
   * this fault on the connection; see {@link ClientAttempt#connectTo(MemoryListeningPort)}.
   *
   * @param attempt the recorded attempt
   * @param port the TLS port
   * @return the pump; the handshake's first flight is written, not yet delivered
   * @throws IllegalArgumentException if the faulty side's protocol is not a TLS layer
   */
  default Pump connectTo(ClientAttempt attempt, MemoryListeningPort port) {
    Objects.requireNonNull(attempt, "attempt");
    return attempt.connectTo(port, applyTo(Pump.builder()));
  }

  /**
   * Loses one handshake flight; see {@link TlsFault#failHandshakeAt(TlsFlight)}.
   *
   * @param flight the flight that never arrives
   */
  record FailHandshake(TlsFlight flight) implements TlsFault {
    /**
     * Checks the flight.
     *
     * @param flight the flight
     */
    public FailHandshake {
      Objects.requireNonNull(flight, "flight");
    }

    @Override
    public TlsRole side() {
      return flight.sender();
    }

    @Override
    public String toString() {
      return "TlsFault.failHandshakeAt(" + flight + ")";
    }
  }

  /**
   * Cuts the stream after a number of records; see
   * {@link TlsFault#truncateAfterRecords(TlsRole, int)}.
   *
   * @param sender the side whose records are counted
   * @param records how many records after its handshake get through
   */
  record TruncateAfterRecords(TlsRole sender, int records) implements TlsFault {
    /**
     * Checks the arguments.
     *
     * @param sender the side whose records are counted
     * @param records how many records get through, not negative
     */
    public TruncateAfterRecords {
      Objects.requireNonNull(sender, "sender");
      if (records < 0) {
        throw new IllegalArgumentException("records must not be negative: " + records);
      }
    }

    @Override
    public TlsRole side() {
      return sender;
    }

    @Override
    public String toString() {
      return "TlsFault.truncateAfterRecords(" + sender + ", " + records + ")";
    }
  }
}
