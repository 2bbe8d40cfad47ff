package dev.weft.reactor;

/**
 * A {@link ProtocolFactory} that counts the ports and connectors using it and runs
 * {@link #startFactory()} on the first {@link #doStart()} and {@link #stopFactory()} on the last
 * {@link #doStop()}. Not thread-safe; the reactor calls it on its own thread.
 *
 * <p>Twisted: {@code Factory} with {@code numPorts}.
 */
public abstract class BaseProtocolFactory implements ProtocolFactory {
  private int users;

  /** Creates a factory that no port uses yet. */
  protected BaseProtocolFactory() {}

  @Override
  public final void doStart() {
    if (users++ == 0) {
      startFactory();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if called more often than {@link #doStart()}
   */
  @Override
  public final void doStop() {
    if (users == 0) {
      throw new IllegalStateException(
          "doStop called more often than doStart; a factory is stopped once per start");
    }
    if (--users == 0) {
      stopFactory();
    }
  }

  /**
   * Returns how many ports and connectors use this factory now.
   *
   * @return starts minus stops
   */
  public final int activeUsers() {
    return users;
  }

  /** Runs when the first port or connector starts using this factory; does nothing by default. */
  protected void startFactory() {}

  /** Runs when the last port or connector stops using this factory; does nothing by default. */
  protected void stopFactory() {}
}
