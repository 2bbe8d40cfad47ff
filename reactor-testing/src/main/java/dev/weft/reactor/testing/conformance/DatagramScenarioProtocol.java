package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.udp.BaseDatagramProtocol;
import dev.weft.reactor.udp.DatagramTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A datagram protocol for the UDP scenarios: records what it receives (copies, with senders),
 * refusals and its start and stop, optionally echoes and optionally throws on chosen datagrams.
 * Thread-safe to read: with a real reactor the callbacks run on the reactor thread while the
 * scenario reads from its own.
 */
public final class DatagramScenarioProtocol extends BaseDatagramProtocol {

  /**
   * One received datagram: a copy of its bytes and its sender.
   *
   * @param data a copy of the datagram's bytes
   * @param sender who sent it
   */
  public record Received(byte[] data, InetSocketAddress sender) {}

  /** What the protocol received, in arrival order. */
  public final List<Received> received = new CopyOnWriteArrayList<>();
  /** The refusals reported, in order. */
  public final List<ConnectionRefusedException> refusals = new CopyOnWriteArrayList<>();
  /** Callback names in order: start, stop. */
  public final List<String> events = new CopyOnWriteArrayList<>();
  private final boolean echo;
  private final AtomicInteger throwFirst;
  private final List<Boolean> bufferWasReadOnly = new CopyOnWriteArrayList<>();

  private DatagramScenarioProtocol(boolean echo, int throwFirst) {
    this.echo = echo;
    this.throwFirst = new AtomicInteger(throwFirst);
  }

  /**
   * Returns a protocol that only records.
   *
   * @return a new protocol
   */
  public static DatagramScenarioProtocol recorder() {
    return new DatagramScenarioProtocol(false, 0);
  }

  /**
   * Returns a protocol that records and sends every datagram back to its sender.
   *
   * @return a new protocol
   */
  public static DatagramScenarioProtocol echoer() {
    return new DatagramScenarioProtocol(true, 0);
  }

  /**
   * Returns a protocol whose {@code datagramReceived} throws for the first {@code count}
   * datagrams (after recording them) and records the rest.
   *
   * @param count how many calls throw
   * @return a new protocol
   */
  public static DatagramScenarioProtocol throwingFirst(int count) {
    return new DatagramScenarioProtocol(false, count);
  }

  @Override
  protected void protocolStarted() {
    events.add("start");
  }

  @Override
  public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
    bufferWasReadOnly.add(datagram.isReadOnly());
    byte[] copy = new byte[datagram.remaining()];
    datagram.get(copy);
    received.add(new Received(copy, sender));
    if (throwFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("scenario protocol throws on purpose");
    }
    if (echo) {
      transport().write(copy, sender);
    }
  }

  @Override
  public void connectionRefused(ConnectionRefusedException refusal) {
    refusals.add(refusal);
  }

  @Override
  public void stopProtocol() {
    events.add("stop");
  }

  /**
   * Returns the sizes of the datagrams received, in arrival order.
   *
   * @return the sizes
   */
  public List<Integer> sizes() {
    return received.stream().map(r -> r.data().length).toList();
  }

  /**
   * Tells whether every buffer handed to {@code datagramReceived} was read-only.
   *
   * @return whether the ownership rule's read-only part held
   */
  public boolean allBuffersReadOnly() {
    return !bufferWasReadOnly.contains(false);
  }

  /**
   * Returns the transport, for the scenario's writes on the reactor thread.
   *
   * @return the transport
   */
  public DatagramTransport link() {
    return transport();
  }
}
