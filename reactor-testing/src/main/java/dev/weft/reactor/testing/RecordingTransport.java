package dev.weft.reactor.testing;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Deferred;
import dev.weft.reactor.Producer;
import dev.weft.reactor.TcpTransport;
import dev.weft.reactor.WriteBufferLimitExceededException;
import dev.weft.reactor.internal.FileRegionQueue;
import dev.weft.reactor.internal.ProducerPacing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TcpTransport} that records what its protocol writes and how it closes, for tests.
 *
 * <p>Not thread-safe: the test thread owns it. Nothing here calls back into the protocol: the
 * transport only records, and whoever owns it (the test, a {@link MemoryConnection}, a
 * {@link Pump}) decides when bytes move and when the connection ends.
 *
 * <p><b>Written bytes</b> are kept in two ways: {@link #written()} is everything written since
 * the last {@link #clear()}, and the <em>pending</em> bytes ({@link #pendingBytes()}) are those
 * the simulated network has not taken yet. {@link #clear()} and {@link #takeWritten()} empty
 * both; a {@link Pump} takes pending bytes as it delivers them and leaves {@code written()}
 * alone.
 *
 * <p><b>Without a record.</b> A transport built with {@link Builder#keepWritten(boolean)
 * keepWritten(false)} keeps no record: {@link #written()} and {@link #takeWritten()} fail, and
 * memory stays bounded however much the protocol writes through a network or {@link Pump}. The
 * arrays its writes were copied into then go back to it once the peer's protocol has read them,
 * and later writes of the same size reuse them, as nio reuses its buffers: a long transfer
 * costs one copy into memory that stays in cache.
 *
 * <p><b>Back-pressure</b> follows the production reactor's rules, shared with it: above the
 * high-water mark of pending bytes the transport is not {@linkplain #isWritable() writable} and
 * a registered {@link dev.weft.reactor.PushProducer} is paused; at the low-water mark it is
 * writable again and the producer resumed; a {@link dev.weft.reactor.PullProducer} is asked for
 * a chunk on registration and each time the pending bytes are taken. A write that takes the
 * pending bytes above the {@linkplain Builder#writeBufferLimit(long) write buffer limit} aborts
 * the transport with {@link WriteBufferLimitExceededException}. The owner reports writability
 * changes to the protocol on its next turn.
 *
 * <p><b>Reading.</b> {@link #pauseProducing()} pauses reading: the owner then holds what the peer
 * sends (bytes and the end of the stream) until {@link #resumeProducing()}, and delivers it on
 * its next turn. A transport closing with {@link #loseConnection()} reads nothing more either.
 *
 * <p><b>Closing.</b> After {@link #loseConnection()} (unless a producer is registered),
 * {@link #abortConnection()} or {@link #loseWriteConnection()}, a write fails with
 * {@link IllegalStateException} (the production reactor drops such bytes silently; build with
 * {@code failWritesAfterClose(false)} to do the same). Writes after the transport aborted itself
 * (write buffer limit, or a producer callback that threw) are dropped silently, as the protocol
 * could not know. Abort is not a clean close: {@link #isAborted()} tells them apart, and the
 * bytes still pending are discarded. Host and peer stay readable after the end.
 *
 * <p>Twisted: {@code twisted.internet.testing.StringTransport}.
 */
public final class RecordingTransport implements TcpTransport {
  /** Default high-water mark: 64 KiB pending, as on the production reactor. */
  public static final long DEFAULT_HIGH_WATER_MARK = ProducerPacing.DEFAULT_HIGH_WATER_MARK;

  /** Default low-water mark: 32 KiB pending, as on the production reactor. */
  public static final long DEFAULT_LOW_WATER_MARK = ProducerPacing.DEFAULT_LOW_WATER_MARK;

  private final SocketAddress host;
  private final SocketAddress peer;
  private final ProducerPacing pacing;
  private final boolean failWritesAfterClose;
  private final boolean keepWritten;
  // The record of written() shares the arrays of the pending queue: each write is copied once,
  // into an array nobody changes afterwards, and the network hands views of it to the reader.
  // Small writes after the first are copied one after the other into a slab, so writes that
  // follow each other are one run of bytes: a read that coalesces them is a view of the slab,
  // not a second copy gathered from many arrays. A slab is only ever appended to.
  private static final int SLAB_WRITE = 1024; // larger writes get an array of their own
  private static final int FIRST_SLAB = 512;
  private static final int MAX_SLAB = 64 * 1024;
  // Each element is a byte[] (a write's own array, whole) or a Span (a run of a slab, or the rest
  // of a partly taken array): most connections never need a Span object.
  private final ArrayList<Object> written = new ArrayList<>();
  private long writtenBytes;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private long pendingBytes;
  // Without a record, arrays the peer has read come back here for later writes of their size.
  // Bounded in bytes and in number, so finding one of the right size stays a short scan.
  private static final long MAX_SPARE_BYTES = 2 * 1024 * 1024;
  private static final int MAX_SPARES = 64;
  private @Nullable ArrayList<byte[]> spares;
  private long spareBytes;
  private byte @Nullable [] slab;
  private int slabUsed;
  private boolean wroteBefore;
  // Built by the first sendFile: most connections never send a file, and a simulated connection
  // should cost little more than its bytes.
  private @Nullable FileRegionQueue files;
  // The pending arrays read from a file, and their bytes: they do not count against the limit.
  private @Nullable Set<byte[]> fileChunks;
  private long fileChunkBytes;
  private boolean takeAllFiles;
  private boolean owned;
  private Runnable writeHook = () -> {};
  private boolean closeRequested;
  private boolean aborted;
  private @Nullable ConnectionAbortedException abortReason;
  private boolean abortedByTransport;
  private boolean writeClosed;
  private boolean readingPaused;
  private @Nullable ConnectionEndedException endReason;
  private boolean tcpNoDelay;
  private boolean tcpKeepAlive;
  private Runnable ownerHook = () -> {};
  private Runnable accessCheck = () -> {};
  private BiConsumer<String, Throwable> failureHook = RecordingTransport::rethrow;

  private RecordingTransport(Builder b) {
    this.host = b.host;
    this.peer = b.peer;
    this.pacing = new ProducerPacing(
        b.lowWaterMark, b.highWaterMark, b.writeBufferLimit, this::producerFailed);
    this.failWritesAfterClose = b.failWritesAfterClose;
    this.keepWritten = b.keepWritten;
  }

  /** Without an owner nobody records a producer's failure: it goes back to the caller. */
  private static void rethrow(String context, Throwable failure) {
    RecordingTransport.<RuntimeException>sneakyThrow(failure);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
    throw (T) failure;
  }

  /**
   * Creates a transport with the defaults of {@link #builder()}.
   *
   * @return a new, open transport
   */
  public static RecordingTransport create() {
    return builder().build();
  }

  /**
   * Starts a builder: host {@code 127.0.0.1:10000}, peer {@code 127.0.0.1:20000}, water marks
   * {@link #DEFAULT_HIGH_WATER_MARK} and {@link #DEFAULT_LOW_WATER_MARK}, writes after close
   * fail.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    accessCheck.run();
    int n = data.remaining();
    if (!accepts(n)) {
      return;
    }
    byte[] array = slabFor(n);
    int at;
    if (array != null) {
      at = slabUsed;
      slabUsed += n;
      // An absolute get leaves the caller's position alone without a duplicate buffer object.
      data.get(data.position(), array, at, n);
    } else if ((array = spare(n)) != null) {
      at = 0;
      data.get(data.position(), array);
    } else if (data.hasArray()) {
      // Arrays.copyOfRange fills the new array without zeroing it first: one pass, not two.
      int from = data.arrayOffset() + data.position();
      array = Arrays.copyOfRange(data.array(), from, from + n);
      at = 0;
    } else {
      array = new byte[n];
      at = 0;
      data.get(data.position(), array);
    }
    append(array, at, n);
  }

  @Override
  public void write(byte[] data) {
    Objects.requireNonNull(data, "data");
    accessCheck.run();
    int n = data.length;
    if (!accepts(n)) {
      return;
    }
    byte[] into = slabFor(n);
    if (into != null) {
      int at = slabUsed;
      slabUsed += n;
      System.arraycopy(data, 0, into, at, n);
      append(into, at, n);
    } else if ((into = spare(n)) != null) {
      System.arraycopy(data, 0, into, 0, n);
      append(into, 0, n);
    } else {
      append(data.clone(), 0, n);
    }
  }

  /** An array of exactly {@code n} bytes the peer has read, to reuse; {@code null} if none. */
  private byte @Nullable [] spare(int n) {
    ArrayList<byte[]> spares = this.spares;
    if (spares == null) {
      return null;
    }
    for (int i = spares.size() - 1; i >= 0; i--) {
      byte[] array = spares.get(i);
      if (array.length == n) {
        spares.remove(i);
        spareBytes -= n;
        return array;
      }
    }
    return null;
  }

  /**
   * The peer's connection has read the last byte of {@code array}, which came from this
   * transport's pending bytes: without a record nobody else holds it, and a later write of its
   * size may reuse it. The slab still being filled stays, and so do arrays past the cap.
   */
  void recycle(byte[] array) {
    if (keepWritten || array == slab || spareBytes + array.length > MAX_SPARE_BYTES) {
      return;
    }
    ArrayList<byte[]> spares = this.spares;
    if (spares == null) {
      spares = new ArrayList<>();
      this.spares = spares;
    } else if (spares.size() == MAX_SPARES) {
      return;
    }
    spares.add(array);
    spareBytes += array.length;
  }

  /** The bytes of the arrays that came back and wait to be reused. */
  long spareBytes() {
    return spareBytes;
  }

  /** Whether the arrays of this transport's writes may come back once read: no record holds them. */
  boolean recycles() {
    return !keepWritten;
  }

  /** Whether a write of {@code n} bytes goes ahead: not while closing, and not if empty. */
  private boolean accepts(int n) {
    if (isClosingForWrites()) {
      if (failWritesAfterClose && !abortedByTransport) {
        throw new IllegalStateException(
            "write of " + n + " bytes after the transport was "
                + closingDescription() + "; the production reactor would drop them silently. "
                + "Stop writing once closing, or build the transport with "
                + "failWritesAfterClose(false)");
      }
      return false;
    }
    return n > 0;
  }

  /**
   * The slab {@code n} bytes go into, with room for them from {@code slabUsed}, or {@code null}
   * if they get an array of their own. The first write gets its own, so a connection that writes
   * once keeps no more than its bytes; later small writes share slabs that double from 512 B to
   * 64 KiB.
   */
  private byte @Nullable [] slabFor(int n) {
    boolean first = !wroteBefore;
    wroteBefore = true;
    if (first || n > SLAB_WRITE) {
      return null;
    }
    byte[] current = slab;
    if (current == null || current.length - slabUsed < n) {
      int grown = current == null ? FIRST_SLAB : Math.min(2 * current.length, MAX_SLAB);
      // Without a record, a slab the peer has read to its end comes back and is filled again.
      int size = Math.max(n, grown);
      current = spare(size);
      if (current == null) {
        current = new byte[size];
      }
      slab = current;
      slabUsed = 0;
    }
    return current;
  }

  private void append(byte[] array, int offset, int length) {
    FileRegionQueue queued = files;
    if (queued != null && queued.isActive()) {
      queued.hold(ByteBuffer.wrap(array, offset, length));
    } else {
      record(array, offset, length);
    }
    WriteBufferLimitExceededException overLimit =
        pacing.limitExceeded(
            pendingBytes - fileChunkBytes + (files == null ? 0 : files.heldBytes()));
    if (overLimit != null) {
      abortByTransport(overLimit);
    } else if (pacing.afterWrite(pendingBytes())) {
      ownerHook.run();
    }
  }

  /** The bytes go out: recorded as written, pending until the network takes them. */
  private void record(byte[] array, int offset, int length) {
    if (offset == 0 && length == array.length) {
      if (keepWritten) {
        written.add(array);
      }
      pending.addLast(array);
    } else {
      if (keepWritten) {
        Span.add(written, array, offset, length);
      }
      Span.add(pending, array, offset, length);
    }
    writtenBytes += length;
    pendingBytes += length;
    writeHook.run();
  }

  /**
   * A run of written bytes in an array nobody changes: one write, or several small writes that
   * followed each other in a slab.
   */
  private static final class Span {
    final byte[] array;
    int offset;
    int length;

    private Span(byte[] array, int offset, int length) {
      this.array = array;
      this.offset = offset;
      this.length = length;
    }

    /** Appends a run to {@code spans}, extending the last one if the bytes follow it. */
    static void add(ArrayDeque<Object> runs, byte[] array, int offset, int length) {
      if (runs.peekLast() instanceof Span last && last.follows(array, offset)) {
        last.length += length;
      } else {
        runs.addLast(new Span(array, offset, length));
      }
    }

    static void add(List<Object> runs, byte[] array, int offset, int length) {
      if (!runs.isEmpty() && runs.get(runs.size() - 1) instanceof Span last
          && last.follows(array, offset)) {
        last.length += length;
      } else {
        runs.add(new Span(array, offset, length));
      }
    }

    private boolean follows(byte[] other, int at) {
      return array == other && offset + length == at;
    }

    /** The run an element of {@code written} or {@code pending} stands for. */
    static Span of(Object run) {
      return run instanceof Span span ? span : new Span((byte[]) run, 0, ((byte[]) run).length);
    }
  }

  /**
   * Queues the region behind the bytes written so far; see {@link
   * dev.weft.reactor.Transport#sendFile}. The file is read 64 KiB at a time, and each chunk is
   * recorded as written (in {@link #written()}, in stream order) when it is read: once the
   * pending bytes before it were taken by the network (a {@link Pump}, or {@link #clear()}). A
   * connection of a {@link MemoryReactor} with no network, whose test reads {@link #written()},
   * takes the whole region on the reactor's next turn, as it takes every write at once; a
   * transport used on its own, with no owner, reads it inside this call. The returned Deferred
   * has no executor.
   *
   * @throws IllegalStateException if the transport is closing, unless built with {@code
   *     failWritesAfterClose(false)}: then the Deferred returned has failed
   */
  @Override
  public Deferred<Void> sendFile(FileChannel file, long position, long count) {
    FileRegionQueue.checkRegion(file, position, count);
    accessCheck.run();
    if (isClosingForWrites()) {
      if (failWritesAfterClose && !abortedByTransport) {
        throw new IllegalStateException(
            "sendFile of " + count + " bytes after the transport was " + closingDescription()
                + "; the production reactor would drop them. Stop writing once closing, or "
                + "build the transport with failWritesAfterClose(false)");
      }
      Deferred<Void> late = new Deferred<>();
      late.isCompletedExceptionally();
      late.completeExceptionally(new ConnectionClosedException(
          "sendFile after the transport was " + closingDescription()));
      return late;
    }
    Deferred<Void> sent = files().add(file, position, count);
    if (pacing.afterWrite(pendingBytes())) {
      ownerHook.run();
    }
    if (owned) {
      ownerHook.run();
    } else {
      feedFiles(true);
    }
    return sent;
  }

  /**
   * Moves queued file regions (and the writes behind them) into the pending bytes: as far as
   * the network has room (the pending bytes are all taken), or all of them when {@code takeAll}.
   * Called by the owner on its turn, and by the transport when bytes are taken.
   */
  void feedFiles(boolean takeAll) {
    FileRegionQueue queued = files;
    if (queued == null || !queued.isActive() || aborted || endReason != null) {
      return;
    }
    takeAllFiles = takeAll;
    try {
      queued.pump();
    } finally {
      takeAllFiles = false;
    }
    if (!queued.isActive()) {
      ownerHook.run();
    }
  }

  /** Regions are read into memory a chunk at a time and recorded as ordinary writes. */
  private final class CopySink implements FileRegionQueue.Sink {
    @Override
    public boolean canTake() {
      return !aborted && endReason == null && (takeAllFiles || pendingBytes == 0);
    }

    @Override
    public long transfer(FileChannel file, long position, long max) throws IOException {
      ByteBuffer chunk = FileRegionQueue.readChunk(file, position, max);
      if (chunk == null) {
        return -1;
      }
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      record(bytes, 0, bytes.length);
      if (fileChunks == null) {
        fileChunks = Collections.newSetFromMap(new IdentityHashMap<>());
      }
      fileChunks.add(bytes);
      fileChunkBytes += bytes.length;
      return bytes.length;
    }

    @Override
    public void write(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      record(bytes, 0, bytes.length);
    }
  }

  private boolean isClosingForWrites() {
    return (closeRequested && !pacing.acceptsWritesWhileClosing())
        || aborted || writeClosed || endReason != null;
  }

  /** A producer callback made by the transport threw: report it and abort, as nio does. */
  private void producerFailed(String callback, Throwable failure) {
    failureHook.accept(callback, failure);
    if (endReason == null) {
      abortByTransport(new ConnectionAbortedException(
          "Connection aborted because " + callback + " threw " + failure, failure));
    }
  }

  private void abortByTransport(ConnectionAbortedException reason) {
    if (aborted || endReason != null) {
      return;
    }
    abortedByTransport = true;
    abortWith(reason);
  }

  private void abortWith(ConnectionAbortedException reason) {
    aborted = true;
    abortReason = reason;
    pending.clear();
    pendingBytes = 0;
    fileChunks = null;
    fileChunkBytes = 0;
    if (files != null) {
      files.fail(reason);
    }
    ownerHook.run();
  }

  private String closingDescription() {
    if (aborted) {
      return "aborted";
    }
    if (endReason != null) {
      return "disconnected (" + endReason.getClass().getSimpleName() + ")";
    }
    return closeRequested ? "closed with loseConnection" : "half-closed with loseWriteConnection";
  }

  /**
   * Returns every byte written since creation or the last {@link #clear()}.
   *
   * @return a copy, never {@code null}
   * @throws IllegalStateException if built with {@link Builder#keepWritten(boolean)
   *     keepWritten(false)}
   */
  public byte[] written() {
    requireRecord("written()");
    if (writtenBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          writtenBytes + " bytes written, too many for one array; call clear() or takeWritten()"
              + " as you go");
    }
    byte[] all = new byte[(int) writtenBytes];
    int at = 0;
    for (Object run : written) {
      if (run instanceof Span span) {
        System.arraycopy(span.array, span.offset, all, at, span.length);
        at += span.length;
      } else {
        byte[] whole = (byte[]) run;
        System.arraycopy(whole, 0, all, at, whole.length);
        at += whole.length;
      }
    }
    return all;
  }

  private void requireRecord(String call) {
    if (!keepWritten) {
      throw new IllegalStateException(
          call + " on " + this + ", built to keep no record of its writes (keepWritten(false) on"
              + " the network, pump or transport builder); assert on what the peer's protocol"
              + " received, or build with keepWritten(true)");
    }
  }

  /**
   * Tells whether the transport keeps a record of its writes for {@link #written()}; see {@link
   * Builder#keepWritten(boolean)}.
   *
   * @return {@code true} unless built with {@code keepWritten(false)}
   */
  public boolean keepsWritten() {
    return keepWritten;
  }

  /**
   * Returns the written bytes decoded as UTF-8.
   *
   * @return the text, never {@code null}
   */
  public String writtenText() {
    return writtenText(StandardCharsets.UTF_8);
  }

  /**
   * Returns the written bytes decoded with {@code charset}.
   *
   * @param charset the encoding
   * @return the text, never {@code null}
   */
  public String writtenText(Charset charset) {
    return new String(written(), Objects.requireNonNull(charset, "charset"));
  }

  /**
   * Returns the written bytes and forgets them, draining the pending bytes too.
   *
   * @return what {@link #written()} returned, never {@code null}
   * @throws IllegalStateException if built with {@link Builder#keepWritten(boolean)
   *     keepWritten(false)}
   */
  public byte[] takeWritten() {
    requireRecord("takeWritten()");
    byte[] bytes = written();
    clear();
    return bytes;
  }

  /**
   * Forgets the written bytes and drains the pending ones, which may resume a paused producer.
   */
  public void clear() {
    written.clear();
    writtenBytes = 0;
    drainPending(Long.MAX_VALUE, (array, offset, length) -> {});
  }

  /**
   * Returns the bytes the simulated network has not taken yet.
   *
   * @return pending byte count
   */
  @Override
  public long pendingBytes() {
    return pendingBytes + (files == null ? 0 : files.queuedBytes());
  }

  /**
   * Takes the pending writes as the network sends them: one array per write call, or per run of
   * small writes that followed each other into one slab.
   */
  List<byte[]> takePending() {
    return takePending(Long.MAX_VALUE);
  }

  /**
   * Takes at most {@code maxBytes} of the pending bytes, oldest first, one array per write call
   * (or run of small writes in one slab); a run that does not fit whole is split, and its rest
   * stays pending.
   */
  List<byte[]> takePending(long maxBytes) {
    List<byte[]> writes = new ArrayList<>();
    drainPending(maxBytes, (array, offset, length) ->
        writes.add(offset == 0 && length == array.length
            ? array : Arrays.copyOfRange(array, offset, offset + length)));
    return writes;
  }

  /** Receives pending bytes as views of the written arrays, which nobody changes. */
  @FunctionalInterface
  interface Segments {
    void accept(byte[] array, int offset, int length);
  }

  /**
   * Hands at most {@code maxBytes} of the pending bytes to {@code sink}, oldest first, as views
   * of the written arrays (no copy), and forgets them; returns how many were taken.
   */
  long drainPending(long maxBytes, Segments sink) {
    long budget = maxBytes;
    while (budget > 0 && !pending.isEmpty()) {
      Object head = pending.peek();
      byte[] array = head instanceof Span span ? span.array : (byte[]) head;
      int offset = head instanceof Span span ? span.offset : 0;
      int left = head instanceof Span span ? span.length : array.length;
      Set<byte[]> chunks = fileChunks;
      boolean fromFile = chunks != null && chunks.contains(array);
      if (left <= budget) {
        sink.accept(array, offset, left);
        pending.poll();
        budget -= left;
        if (fromFile) {
          chunks.remove(array);
          fileChunkBytes -= left;
        }
      } else {
        int fits = (int) budget;
        sink.accept(array, offset, fits);
        Span rest = Span.of(head);
        rest.offset += fits;
        rest.length -= fits;
        if (rest != head) {
          pending.poll();
          pending.addFirst(rest);
        }
        if (fromFile) {
          fileChunkBytes -= fits;
        }
        budget = 0;
      }
    }
    long taken = maxBytes - budget;
    pendingBytes -= taken;
    if (pendingBytes == 0) {
      feedFiles(false);
    }
    if (taken > 0 && endReason == null && !aborted && pacing.afterDrain(pendingBytes())) {
      ownerHook.run();
    }
    return taken;
  }

  /** Runs after every write that added pending bytes: the network's cue to carry them. */
  void setWriteHook(Runnable hook) {
    this.writeHook = hook;
  }

  /**
   * Tells whether pending bytes are at or below the low-water mark since they last rose above the
   * high-water mark; see {@link dev.weft.reactor.Transport#isWritable()}.
   *
   * @return {@code true} while the transport wants more bytes
   */
  @Override
  public boolean isWritable() {
    return pacing.isWritable();
  }

  /** The writability changes to report to the protocol on this turn, in order. */
  List<Boolean> takeWritabilityChanges() {
    return pacing.takeWritabilityChanges();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    accessCheck.run();
    pacing.register(producer, streaming, endReason != null || aborted);
  }

  @Override
  public void unregisterProducer() {
    if (pacing.unregister()) {
      ownerHook.run();
    }
  }

  /**
   * Returns the registered producer.
   *
   * @return the producer, or {@code null} if none is registered
   */
  public @Nullable Producer producer() {
    return pacing.producer();
  }

  /**
   * Tells whether the registered producer was registered as streaming (push).
   *
   * @return {@code true} for a push producer; {@code false} for a pull producer or none
   */
  public boolean isStreamingProducer() {
    return pacing.isStreaming();
  }

  /**
   * Tells whether the transport has paused its push producer for back-pressure.
   *
   * @return {@code true} between a pause and the following resume
   */
  public boolean isProducerPaused() {
    return pacing.isPaused();
  }

  /**
   * Returns the high-water mark.
   *
   * @return pending bytes above which a push producer is paused
   */
  public long highWaterMark() {
    return pacing.highWaterMark();
  }

  /**
   * Returns the low-water mark.
   *
   * @return pending bytes at or below which a paused push producer is resumed
   */
  public long lowWaterMark() {
    return pacing.lowWaterMark();
  }

  /**
   * Returns the write buffer limit.
   *
   * @return pending bytes above which a write aborts the transport; {@link Long#MAX_VALUE} for
   *     none
   */
  public long writeBufferLimit() {
    return pacing.writeBufferLimit();
  }

  /**
   * Pauses reading: the owner holds what the peer sends until {@link #resumeProducing()}.
   * Calling it again does nothing.
   */
  @Override
  public void pauseProducing() {
    readingPaused = true;
  }

  /**
   * Resumes reading; what waited is delivered on the owner's next turn (a reactor turn, or a pump
   * step), never inside this call. Does nothing if reading was not paused.
   */
  @Override
  public void resumeProducing() {
    if (!readingPaused) {
      return;
    }
    readingPaused = false;
    ownerHook.run();
  }

  /** Closes as {@link #loseConnection()}; see {@link dev.weft.reactor.Transport#stopProducing()}. */
  @Override
  public void stopProducing() {
    loseConnection();
  }

  /**
   * Tells whether reading is paused with {@link #pauseProducing()}.
   *
   * @return {@code true} between a pause and the following resume
   */
  public boolean isReadingPaused() {
    return readingPaused;
  }

  /** Whether what the peer sends may be delivered now: not paused, not closing, not ended. */
  boolean isReading() {
    return !readingPaused && !closeRequested && !aborted && endReason == null;
  }

  @Override
  public void loseConnection() {
    accessCheck.run();
    if (closeRequested || aborted || endReason != null) {
      return;
    }
    closeRequested = true;
    ownerHook.run();
  }

  @Override
  public void abortConnection() {
    accessCheck.run();
    if (aborted || endReason != null) {
      return;
    }
    abortWith(new ConnectionAbortedException("Connection aborted with abortConnection"));
  }

  @Override
  public void loseWriteConnection() {
    if (writeClosed || closeRequested || aborted || endReason != null) {
      return;
    }
    writeClosed = true;
    ownerHook.run();
  }

  @Override
  public boolean isDisconnecting() {
    return closeRequested || aborted || endReason != null;
  }

  /**
   * Tells whether {@link #loseConnection()} was called.
   *
   * @return {@code true} once a clean close was asked for
   */
  public boolean isCloseRequested() {
    return closeRequested;
  }

  /**
   * Tells whether {@link #abortConnection()} was called, or the transport aborted itself (write
   * buffer limit, a producer callback that threw): an abort, not a clean close.
   *
   * @return {@code true} once aborted
   */
  public boolean isAborted() {
    return aborted;
  }

  /**
   * Returns why the transport was aborted: {@link #abortConnection()} was called, the write
   * buffer limit was exceeded ({@link WriteBufferLimitExceededException}), or a producer callback
   * threw.
   *
   * @return what the protocol's {@code connectionLost} receives, or {@code null} if not aborted
   */
  public @Nullable ConnectionAbortedException abortReason() {
    return abortReason;
  }

  /**
   * Tells whether {@link #loseWriteConnection()} was called.
   *
   * @return {@code true} once this side's output was closed
   */
  public boolean isWriteClosed() {
    return writeClosed;
  }

  /**
   * Tells whether the connection has ended (its protocol got {@code connectionLost}).
   *
   * @return {@code true} once ended
   */
  public boolean isDisconnected() {
    return endReason != null;
  }

  /**
   * Returns why the connection ended.
   *
   * @return the reason given to {@code connectionLost}, or {@code null} while it is open
   */
  public @Nullable ConnectionEndedException endReason() {
    return endReason;
  }

  /**
   * Marks the connection ended: it accepts no more writes, and a registered producer is stopped
   * and unregistered. Called by the owner just before the protocol's {@code connectionLost}; a
   * test using the transport on its own may call it too.
   *
   * @param reason why it ended
   * @throws IllegalStateException if it already ended
   */
  public void markEnded(ConnectionEndedException reason) {
    Objects.requireNonNull(reason, "reason");
    if (endReason != null) {
      throw new IllegalStateException(
          "transport already ended with " + endReason + "; a connection ends once");
    }
    endReason = reason;
    if (files != null) {
      files.fail(reason);
    }
    pacing.stop();
  }

  /**
   * The owner's hook runs when it has work for its next turn: a close, abort or half-close, a
   * producer unregistered, reading resumed, or a writability change to report.
   */
  void setOwnerHook(Runnable hook) {
    this.ownerHook = hook;
    this.owned = true;
  }

  /** Runs before each call that acts on the connection: a reactor group checks the caller's loop. */
  void setAccessCheck(Runnable check) {
    this.accessCheck = check;
  }

  /** Where producer callback failures go: the owner records them. */
  void setFailureHook(BiConsumer<String, Throwable> hook) {
    this.failureHook = hook;
  }

  /** A clean close is ready once asked for and no pull producer holds it. */
  boolean isCloseReady() {
    return closeRequested && !pacing.holdsClose() && !hasQueuedFiles();
  }

  /** Whether file regions, or writes behind them, are still queued. */
  boolean hasQueuedFiles() {
    return files != null && files.isActive();
  }

  private FileRegionQueue files() {
    FileRegionQueue queued = files;
    if (queued == null) {
      queued = new FileRegionQueue(new CopySink(), null, this::abortByTransport);
      files = queued;
    }
    return queued;
  }

  @Override
  public SocketAddress host() {
    return host;
  }

  @Override
  public SocketAddress peer() {
    return peer;
  }

  /**
   * {@inheritDoc}
   *
   * @throws UnsupportedOperationException on a UNIX-domain transport (an address is a
   *     {@link java.net.UnixDomainSocketAddress}), as on the production reactor
   */
  @Override
  public void setTcpNoDelay(boolean enabled) {
    requireTcp("TCP_NODELAY");
    tcpNoDelay = enabled;
  }

  @Override
  public boolean isTcpNoDelay() {
    requireTcp("TCP_NODELAY");
    return tcpNoDelay;
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    requireTcp("SO_KEEPALIVE");
    tcpKeepAlive = enabled;
  }

  @Override
  public boolean isTcpKeepAlive() {
    requireTcp("SO_KEEPALIVE");
    return tcpKeepAlive;
  }

  private void requireTcp(String option) {
    if (host instanceof java.net.UnixDomainSocketAddress
        || peer instanceof java.net.UnixDomainSocketAddress) {
      throw new UnsupportedOperationException(
          "'" + option + "' not supported: " + this + " is a UNIX-domain connection");
    }
  }

  @Override
  public String toString() {
    return "RecordingTransport[" + host + " -> " + peer + ", " + writtenBytes + " bytes written"
        + (isDisconnecting() ? ", " + closingDescription() : "") + "]";
  }

  /** Builds a {@link RecordingTransport}; not thread-safe. */
  public static final class Builder {
    private static final SocketAddress DEFAULT_HOST =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 10000);
    private static final SocketAddress DEFAULT_PEER =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 20000);

    private SocketAddress host = DEFAULT_HOST;
    private SocketAddress peer = DEFAULT_PEER;
    private long highWaterMark = DEFAULT_HIGH_WATER_MARK;
    private long lowWaterMark = DEFAULT_LOW_WATER_MARK;
    private long writeBufferLimit = ProducerPacing.NO_LIMIT;
    private boolean failWritesAfterClose = true;
    private boolean keepWritten = true;

    private Builder() {}

    /**
     * Sets this side's address.
     *
     * @param host the local address
     * @return this builder
     */
    public Builder host(SocketAddress host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Sets the remote address.
     *
     * @param peer the peer address
     * @return this builder
     */
    public Builder peer(SocketAddress peer) {
      this.peer = Objects.requireNonNull(peer, "peer");
      return this;
    }

    /**
     * Sets the pending byte count above which a push producer is paused.
     *
     * @param bytes not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder highWaterMark(long bytes) {
      this.highWaterMark = ProducerPacing.nonNegative(bytes, "highWaterMark");
      return this;
    }

    /**
     * Sets the pending byte count at or below which a paused push producer is resumed.
     *
     * @param bytes not negative, at most the high-water mark (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder lowWaterMark(long bytes) {
      this.lowWaterMark = ProducerPacing.nonNegative(bytes, "lowWaterMark");
      return this;
    }

    /**
     * Caps the pending bytes: a write that takes them above {@code bytes} aborts the transport
     * with {@link WriteBufferLimitExceededException}, as {@code NioReactor.Builder}'s setting of
     * the same name does. Default: no limit.
     *
     * @param bytes not negative; {@link Long#MAX_VALUE} for no limit
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder writeBufferLimit(long bytes) {
      ProducerPacing.checkWriteBufferLimit(bytes);
      this.writeBufferLimit = bytes;
      return this;
    }

    /**
     * Chooses whether writes after a close fail (the default) or are dropped silently as the
     * production reactor drops them.
     *
     * @param fail {@code true} to throw {@link IllegalStateException}
     * @return this builder
     */
    public Builder failWritesAfterClose(boolean fail) {
      this.failWritesAfterClose = fail;
      return this;
    }

    /**
     * Chooses whether the transport keeps a record of everything written, for {@link
     * #written()} (the default), or keeps only what the network has not taken yet. Without a
     * record memory stays bounded on a long transfer, and the arrays writes were copied into are
     * reused once the peer has read them; {@link #written()} and {@link #takeWritten()} then
     * fail. A transport that nothing drains (a lone one, or a connection the test plays by hand)
     * needs its record: that is where its output is read.
     *
     * @param keep {@code false} to keep no record
     * @return this builder
     */
    public Builder keepWritten(boolean keep) {
      this.keepWritten = keep;
      return this;
    }

    /**
     * Builds the transport.
     *
     * @return a new, open transport
     * @throws IllegalArgumentException if the low-water mark is above the high-water mark
     */
    public RecordingTransport build() {
      ProducerPacing.checkWaterMarks(lowWaterMark, highWaterMark);
      return new RecordingTransport(this);
    }
  }
}
