package dev.weft.reactor.testing.tls;

import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.Producer;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.Transport;
import dev.weft.reactor.tls.TlsLayer;
import dev.weft.reactor.tls.TlsTransport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Carries out a {@link TlsFault} on one side: sits between that side's TLS layer and its
 * transport, watches the ciphertext the layer writes (records and handshake flights), and cuts
 * the connection where the fault says. Reactor thread only, like the layer it wraps.
 */
final class FaultyTlsSide implements HalfCloseableProtocol {
  private static final int TLS_HEADER = 5;

  private final TlsFault fault;
  private final Protocol layer;
  private final HalfCloseableProtocol halfCloseable;
  private final TlsTransport front;
  private Transport lower;
  private boolean cut;
  /** A read happened since this side last wrote: its next write starts a new flight. */
  private boolean readSinceWrite = true;
  private int flights;
  /** Records that began after the handshake completed on this side. */
  private int records;
  /** Bytes of the current record still to come in later writes, and its header so far. */
  private int recordRemaining;
  private final byte[] header = new byte[TLS_HEADER];
  private int headerHave;

  FaultyTlsSide(TlsFault fault, Protocol layer) {
    TlsTransport tls = TlsLayer.transportOf(layer);
    if (tls == null || !(layer instanceof HalfCloseableProtocol half)) {
      throw new IllegalArgumentException(fault + " applies to a TLS layer (a protocol made by "
          + "TlsLayer, listenTLS or connectTLS), not to " + layer + "; on a recorded attempt, "
          + "connect to a port opened with listenTLS");
    }
    this.fault = fault;
    this.layer = layer;
    this.halfCloseable = half;
    this.front = tls;
  }

  @Override
  public void makeConnection(Transport transport) {
    lower = Objects.requireNonNull(transport, "transport");
    layer.makeConnection(new Wire());
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (cut) {
      return;
    }
    readSinceWrite = true;
    layer.dataReceived(data);
  }

  @Override
  public void writabilityChanged(boolean writable) {
    layer.writabilityChanged(writable);
  }

  @Override
  public void readConnectionLost() {
    halfCloseable.readConnectionLost();
  }

  @Override
  public void writeConnectionLost() {
    halfCloseable.writeConnectionLost();
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    layer.connectionLost(reason);
  }

  /** Returns how many bytes at the start of {@code data} go out; cuts the wire where they end. */
  private int admit(ByteBuffer data) {
    if (cut) {
      return 0;
    }
    if (fault instanceof TlsFault.FailHandshake fail) {
      if (readSinceWrite) {
        readSinceWrite = false;
        flights++;
      }
      if (flights == fail.flight().number() && front.session() == null) {
        cut = true;
        return 0;
      }
      return data.remaining();
    }
    readSinceWrite = false;
    int limit = ((TlsFault.TruncateAfterRecords) fault).records();
    if (front.session() == null) {
      // Handshake records are not counted; they are written whole, one write per flight part.
      skip(data, data.position(), data.limit(), false);
      return data.remaining();
    }
    int end = skip(data, data.position(), data.limit(), true);
    if (records > limit) {
      cut = true;
    }
    return end - data.position();
  }

  /**
   * Follows the record framing over {@code data[from, to)}; when {@code count}, counts the
   * records that begin there and returns where the last record allowed by the fault ends (or
   * {@code to} if all are allowed).
   */
  private int skip(ByteBuffer data, int from, int to, boolean count) {
    int limit = fault instanceof TlsFault.TruncateAfterRecords t ? t.records() : Integer.MAX_VALUE;
    int i = from;
    while (i < to) {
      if (recordRemaining > 0) {
        int n = Math.min(recordRemaining, to - i);
        recordRemaining -= n;
        i += n;
        continue;
      }
      if (headerHave == 0 && count) {
        if (records == limit) {
          records++;
          return i;
        }
        records++;
      }
      header[headerHave++] = data.get(i++);
      if (headerHave == TLS_HEADER) {
        recordRemaining = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        headerHave = 0;
      }
    }
    return to;
  }

  private void cutNow() {
    lower.loseConnection();
  }

  /** The transport the TLS layer sees: the real one, with the fault on its writes. */
  private final class Wire implements Transport {
    @Override
    public void write(ByteBuffer data) {
      Objects.requireNonNull(data, "data");
      if (!data.hasRemaining()) {
        if (!cut) {
          // Passed on so a fake transport can still say that a write came too late.
          lower.write(data);
        }
        return;
      }
      boolean wasCut = cut;
      int allowed = admit(data);
      if (allowed > 0) {
        ByteBuffer part = data.duplicate();
        part.limit(part.position() + allowed);
        lower.write(part);
      }
      if (cut && !wasCut) {
        cutNow();
      }
    }

    @Override
    public void write(byte[] data) {
      write(ByteBuffer.wrap(data));
    }

    /**
     * The layer sends a file region down only before TLS starts (STARTTLS), when the bytes are
     * not TLS records, so the fault does not count them.
     */
    @Override
    public Deferred<Void> sendFile(FileChannel file, long position, long count) {
      return lower.sendFile(file, position, count);
    }

    @Override
    public void loseConnection() {
      if (!cut) {
        lower.loseConnection();
      }
    }

    @Override
    public void abortConnection() {
      lower.abortConnection();
    }

    @Override
    public void loseWriteConnection() {
      if (!cut) {
        lower.loseWriteConnection();
      }
    }

    @Override
    public SocketAddress host() {
      return lower.host();
    }

    @Override
    public SocketAddress peer() {
      return lower.peer();
    }

    @Override
    public boolean isDisconnecting() {
      return cut || lower.isDisconnecting();
    }

    @Override
    public long pendingBytes() {
      return lower.pendingBytes();
    }

    @Override
    public boolean isWritable() {
      return lower.isWritable();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
      lower.registerProducer(producer, streaming);
    }

    @Override
    public void unregisterProducer() {
      lower.unregisterProducer();
    }

    @Override
    public void pauseProducing() {
      lower.pauseProducing();
    }

    @Override
    public void resumeProducing() {
      lower.resumeProducing();
    }

    @Override
    public void stopProducing() {
      lower.stopProducing();
    }

    @Override
    public String toString() {
      return fault + " on " + lower;
    }
  }

  @Override
  public String toString() {
    return fault + " in front of " + layer;
  }
}
