package dev.weft.benchmarks.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The load clients of the TLS comparison: plain JDK {@link SSLSocket}s, one thread per
 * connection, the same for every server, so the server is the only thing that differs. Every
 * wait is bounded.
 */
public final class TlsClients {
  private static final long JOIN_MILLIS = 30_000;

  private TlsClients() {}

  private static SSLSocket open(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) JOIN_MILLIS);
    socket.startHandshake();
    return socket;
  }

  /** A measurement window: operations counted while it is open. */
  public record Window(long operations, long nanos) {
    /**
     * Returns the rate.
     *
     * @return operations per second
     */
    public double perSecond() {
      return operations * 1e9 / nanos;
    }
  }

  /**
   * Runs {@code connections} connections that each send {@code size} bytes and wait for them to
   * come back, over and over: warm-up, then a measured window bracketed by {@code open} and
   * {@code close}.
   *
   * @param context the client context
   * @param port the server's port
   * @param connections how many connections, each on its own thread
   * @param size bytes per message
   * @param warmup unmeasured time first
   * @param measure the measured window
   * @param open runs as the window opens
   * @param close runs as it closes
   * @return the round trips in the window
   * @throws Exception if a connection fails or the run does not end in time
   */
  public static Window pingPong(SSLContext context, int port, int connections, int size,
      Duration warmup, Duration measure, Runnable open, Runnable close) throws Exception {
    byte[] message = new byte[size];
    for (int i = 0; i < size; i++) {
      message[i] = (byte) ('a' + i % 26);
    }
    LongAdder counted = new LongAdder();
    CountDownLatch connected = new CountDownLatch(connections);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // 0 warm-up, 1 measuring, 2 stop
    int[] phase = {0};
    Object lock = new Object();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t = new Thread(() -> {
        try (SSLSocket socket = open(context, port)) {
          connected.countDown();
          OutputStream out = socket.getOutputStream();
          InputStream in = socket.getInputStream();
          byte[] back = new byte[size];
          while (true) {
            int p;
            synchronized (lock) {
              p = phase[0];
            }
            if (p == 2) {
              return;
            }
            out.write(message);
            out.flush();
            for (int read = 0; read < size; ) {
              int n = in.read(back, read, size - read);
              if (n < 0) {
                throw new IOException("the server closed the connection");
              }
              read += n;
            }
            if (p == 1) {
              counted.increment();
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          connected.countDown();
        }
      }, "tls-ping-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    if (!connected.await(JOIN_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new IOException("connections not up within 30 s");
    }
    Thread.sleep(warmup.toMillis());
    long before = counted.sum();
    synchronized (lock) {
      phase[0] = 1;
    }
    open.run();
    long start = System.nanoTime();
    Thread.sleep(measure.toMillis());
    synchronized (lock) {
      phase[0] = 2;
    }
    long nanos = System.nanoTime() - start;
    close.run();
    for (Thread t : threads) {
      t.join(JOIN_MILLIS);
    }
    if (failure.get() != null) {
      throw new IOException("a connection failed: " + failure.get(), failure.get());
    }
    return new Window(counted.sum() - before, nanos);
  }

  /**
   * Streams {@code bytes} through an echo on one connection (a writer thread and this reader)
   * and returns the time it took.
   *
   * @param context the client context
   * @param port the server's port
   * @param bytes how many bytes
   * @param open runs once the connection is up
   * @param close runs once every byte came back
   * @return the bytes and nanoseconds
   * @throws Exception if it fails or takes more than {@code limit}
   */
  public static Window stream(SSLContext context, int port, long bytes, Duration limit,
      Runnable open, Runnable close) throws Exception {
    try (SSLSocket socket = open(context, port)) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[64 * 1024];
        try {
          OutputStream out = socket.getOutputStream();
          for (long sent = 0; sent < bytes; ) {
            int n = (int) Math.min(chunk.length, bytes - sent);
            out.write(chunk, 0, n);
            sent += n;
          }
          out.flush();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "tls-stream-writer");
      writer.setDaemon(true);
      long deadline = System.nanoTime() + limit.toNanos();
      open.run();
      long start = System.nanoTime();
      writer.start();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long received = 0;
      while (received < bytes) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("the server closed after " + received + " bytes");
        }
        received += n;
        if (System.nanoTime() > deadline) {
          throw new IOException("only " + received + " of " + bytes + " bytes within " + limit);
        }
      }
      long nanos = System.nanoTime() - start;
      close.run();
      writer.join(JOIN_MILLIS);
      if (failure.get() != null) {
        throw new IOException("the writer failed: " + failure.get(), failure.get());
      }
      return new Window(bytes, nanos);
    }
  }

  /**
   * Opens connections and completes their handshakes, then closes them, on {@code threads}
   * threads for {@code measure} after {@code warmup}. The client's JDK session cache is
   * on, as a client's is by default, so both servers see the same mix of full handshakes and
   * resumptions.
   *
   * @param context the client context
   * @param port the server's port
   * @param threads how many connect at once
   * @param warmup unmeasured time first
   * @param measure the measured window
   * @param open runs as the window opens
   * @param close runs as it closes
   * @return the handshakes in the window
   * @throws Exception if a handshake fails or the run does not end in time
   */
  public static Window handshakes(SSLContext context, int port, int threads, Duration warmup,
      Duration measure, Runnable open, Runnable close) throws Exception {
    LongAdder counted = new LongAdder();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int[] phase = {0};
    Object lock = new Object();
    List<Thread> running = new ArrayList<>();
    for (int c = 0; c < threads; c++) {
      Thread t = new Thread(() -> {
        try {
          while (true) {
            int p;
            synchronized (lock) {
              p = phase[0];
            }
            if (p == 2) {
              return;
            }
            open(context, port).close();
            if (p == 1) {
              counted.increment();
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "tls-handshake-" + c);
      t.setDaemon(true);
      running.add(t);
      t.start();
    }
    Thread.sleep(warmup.toMillis());
    long before = counted.sum();
    synchronized (lock) {
      phase[0] = 1;
    }
    open.run();
    long start = System.nanoTime();
    Thread.sleep(measure.toMillis());
    synchronized (lock) {
      phase[0] = 2;
    }
    long nanos = System.nanoTime() - start;
    close.run();
    for (Thread t : running) {
      t.join(JOIN_MILLIS);
    }
    if (failure.get() != null) {
      throw new IOException("a handshake failed: " + failure.get(), failure.get());
    }
    return new Window(counted.sum() - before, nanos);
  }
}
