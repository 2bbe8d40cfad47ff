package dev.weft.reactor.internal;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The rules of {@link dev.weft.reactor.Transport#sendFile}, shared by every transport so that
 * the production reactor, the fakes and the TLS layer order, pace, complete and fail file regions
 * identically by construction. Only the way bytes leave differs, behind a {@link Sink}: the
 * production transport hands the region to the kernel ({@code transferTo}, sendfile on Linux),
 * the others read it through a bounded buffer and write it the ordinary way.
 *
 * <p>The queue holds, in stream order, the file regions not yet sent and the bytes the protocol
 * wrote after the first of them (those must wait behind it). While it is {@linkplain #isActive()
 * active}, the transport passes every write to {@link #hold(ByteBuffer)} instead of sending it.
 * The transport calls {@link #pump()} whenever its own buffer may have room (after a drain); the
 * queue then moves forward as long as {@link Sink#canTake()} says so. A region completes its
 * Deferred once its last byte was handed over and the sink can take more, that is, once the
 * transport's own buffer drained past it.
 *
 * <p>Not thread-safe: the transport's reactor thread only.
 */
public final class FileRegionQueue {
  /** The most file bytes a copying sink reads into memory at once: 64 KiB. */
  public static final int COPY_CHUNK = 64 * 1024;

  /** Where the queue's bytes go: the transport underneath. */
  public interface Sink {
    /**
     * Tells whether the transport can take bytes now without buffering beyond its bound: for
     * example, its own buffer of written bytes is empty.
     *
     * @return {@code true} to go on
     */
    boolean canTake();

    /**
     * Sends up to {@code max} bytes of {@code file} from {@code position}.
     *
     * @param file the file
     * @param position where to start; the channel's own position is not used or changed
     * @param max at least 1
     * @return how many bytes went (0 when the network takes no more for now), or -1 at the end
     *     of the file
     * @throws IOException if reading the file or writing the socket failed
     */
    long transfer(FileChannel file, long position, long max) throws IOException;

    /**
     * Writes bytes the protocol wrote behind a region, now that the region is sent.
     *
     * @param data owned by the sink from now on
     */
    void write(ByteBuffer data);
  }

  private final Sink sink;
  private final @Nullable Executor executor;
  private final Consumer<ConnectionAbortedException> abort;
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private long fileBytes;
  private long heldBytes;
  private boolean pumping;

  /**
   * Creates the queue of one transport.
   *
   * @param sink where the bytes go
   * @param executor the default executor of the Deferreds returned (the reactor's), or null
   * @param abort aborts the connection with the reason given: called when a file cannot be read,
   *     ends early, or its Deferred is cancelled; the transport then calls {@link #fail}
   */
  public FileRegionQueue(
      Sink sink, @Nullable Executor executor, Consumer<ConnectionAbortedException> abort) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.executor = executor;
    this.abort = Objects.requireNonNull(abort, "abort");
  }

  /**
   * Checks the arguments of {@code sendFile} as every transport does.
   *
   * @param file the file
   * @param position where the region starts
   * @param count how many bytes
   * @throws NullPointerException if {@code file} is null
   * @throws IllegalArgumentException naming the argument if {@code position} or {@code count} is
   *     negative, or their sum overflows
   */
  public static void checkRegion(FileChannel file, long position, long count) {
    Objects.requireNonNull(file, "file");
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative: " + position);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (position + count < 0) {
      throw new IllegalArgumentException(
          "position + count must not overflow: " + position + " + " + count);
    }
  }

  /**
   * Queues a region behind everything written before. The caller checked the arguments and that
   * the transport accepts writes. Nothing is sent inside this call: the transport pumps later.
   *
   * @param file the open file, readable
   * @param position the offset in the file of the region's first byte
   * @param count how many bytes the region has
   * @return the region's Deferred
   */
  public Deferred<Void> add(FileChannel file, long position, long count) {
    Region region = new Region(file, position, count);
    region.deferred = new Deferred<>(executor, d -> {
      if (!region.done) {
        abort.accept(new ConnectionAbortedException(
            "sendFile cancelled after " + region.sent + " of " + count + " bytes; the bytes "
                + "already sent cannot be taken back, so the connection is aborted"));
      }
    });
    items.add(region);
    fileBytes += count;
    return region.deferred;
  }

  /**
   * Tells whether a region is queued, so that writes must be {@linkplain #hold held} behind it.
   *
   * @return {@code true} while anything is queued
   */
  public boolean isActive() {
    return !items.isEmpty();
  }

  /**
   * Keeps a copy of bytes written while a region is queued, to write after it.
   *
   * @param data its remaining bytes are copied; its position does not move
   */
  public void hold(ByteBuffer data) {
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(n);
    copy.put(data.duplicate()).flip();
    items.add(copy);
    heldBytes += n;
  }

  /**
   * Returns the bytes queued: unsent bytes of regions plus held writes. A transport counts them in
   * its {@code pendingBytes()}.
   *
   * @return the queued byte count
   */
  public long queuedBytes() {
    return fileBytes + heldBytes;
  }

  /**
   * Returns the held write bytes only, the part of {@link #queuedBytes()} kept in memory, which a
   * write buffer limit counts.
   *
   * @return the held byte count
   */
  public long heldBytes() {
    return heldBytes;
  }

  /**
   * Moves the queue forward while the sink can take more: held bytes are written, regions
   * transferred, a region whose bytes are all handed over completes. A failure to read the file
   * aborts the connection (through the abort callback given at construction). Re-entrant calls
   * (from a Deferred's callback) return at once.
   */
  public void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (!items.isEmpty() && sink.canTake()) {
        Object head = items.peek();
        if (head instanceof ByteBuffer held) {
          items.poll();
          heldBytes -= held.remaining();
          sink.write(held);
          continue;
        }
        Region region = (Region) head;
        if (region.sent == region.count) {
          items.poll();
          region.done = true;
          if (!region.deferred.isDone()) {
            region.deferred.complete(null);
          }
          continue;
        }
        long want = region.count - region.sent;
        long n;
        try {
          n = sink.transfer(region.file, region.position + region.sent, want);
        } catch (IOException e) {
          abort.accept(new ConnectionAbortedException(
              "sendFile failed after " + region.sent + " of " + region.count + " bytes: " + e, e));
          return;
        }
        if (n < 0) {
          EOFException early = new EOFException(
              "the file ended at byte " + (region.position + region.sent) + ", " + (want)
                  + " bytes short of the region's end " + (region.position + region.count));
          abort.accept(new ConnectionAbortedException(
              "sendFile failed: " + early.getMessage(), early));
          return;
        }
        if (n == 0) {
          return;
        }
        region.sent += n;
        fileBytes -= n;
      }
    } finally {
      pumping = false;
    }
  }

  /**
   * The connection ended: every region not yet complete fails with {@code reason}, held bytes are
   * dropped. The protocol hears the same reason in {@code connectionLost}, so a caller that
   * ignores a region's Deferred loses nothing: its failure is not reported as unobserved.
   *
   * @param reason why the connection ended
   */
  public void fail(ConnectionEndedException reason) {
    Objects.requireNonNull(reason, "reason");
    Object[] left = items.toArray();
    items.clear();
    fileBytes = 0;
    heldBytes = 0;
    for (Object item : left) {
      if (item instanceof Region region && !region.deferred.isDone()) {
        region.done = true;
        // Reading the state marks the Deferred observed: the protocol is told in connectionLost.
        region.deferred.isCompletedExceptionally();
        region.deferred.completeExceptionally(reason);
      }
    }
  }

  /**
   * Reads up to {@code max} bytes (at most {@link #COPY_CHUNK}) of {@code file} at {@code
   * position} into a new buffer: the transfer of a copying sink.
   *
   * @param file the file
   * @param position where to read
   * @param max the most bytes wanted
   * @return the bytes read, flipped, or null at the end of the file
   * @throws IOException if the read failed
   */
  public static @Nullable ByteBuffer readChunk(FileChannel file, long position, long max)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(max, COPY_CHUNK));
    while (chunk.hasRemaining()) {
      int n = file.read(chunk, position + chunk.position());
      if (n < 0) {
        break;
      }
    }
    if (chunk.position() == 0) {
      return null;
    }
    return chunk.flip();
  }

  private static final class Region {
    final FileChannel file;
    final long position;
    final long count;
    long sent;
    boolean done;
    Deferred<Void> deferred = new Deferred<>();

    Region(FileChannel file, long position, long count) {
      this.file = file;
      this.position = position;
      this.count = count;
    }
  }
}
