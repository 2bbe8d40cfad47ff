package dev.weft.benchmarks.servers;

/**
 * A server under test, running its own single event-loop thread on 127.0.0.1.
 *
 * <p>The methods may be called from any thread.
 */
public interface BenchServer extends AutoCloseable {

  /**
   * Returns the echo port.
   *
   * @return the port of the echo listener
   */
  int echoPort();

  /**
   * Returns the HTTP port, or -1 if this server serves echo only.
   *
   * @return the port of the HTTP listener, or -1
   */
  int httpPort();

  /**
   * Returns how many connections are open now (counted when the server sees them established).
   *
   * @return the number of open connections
   */
  int openConnections();

  /** Stops the event loop and closes every socket; waits for the loop thread to end. */
  @Override
  void close() throws Exception;
}
