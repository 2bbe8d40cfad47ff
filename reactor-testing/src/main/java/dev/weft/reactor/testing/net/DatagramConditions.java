package dev.weft.reactor.testing.net;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link DatagramNetwork} does to the datagrams between two hosts, a value: each
 * datagram is lost with probability {@code loss}, else arrives after {@code latency}, later by
 * {@code reorderDelay} with probability {@code reordering} (so later datagrams overtake it), and
 * once more with probability {@code duplication}; a datagram longer than
 * {@code maxDatagramSize} is dropped, as a path whose MTU it exceeds drops it. The draws come
 * from the network's seed, so the same seed and the same sends give the same fates.
 *
 * <pre>{@code
 * DatagramConditions.perfect().withLoss(0.3).withDuplication(0.1).withReordering(0.2, Duration.ofMillis(40))
 * }</pre>
 *
 * @param loss the probability that a datagram is lost, 0..1
 * @param duplication the probability that a delivered datagram arrives twice, 0..1
 * @param reordering the probability that a datagram is held back by {@code reorderDelay}, 0..1
 * @param latency the one-way delay, positive (a datagram never arrives inside the write that
 *     sent it, nor in the same instant, so two echoing hosts cannot spin the Clock forever)
 * @param reorderDelay the extra delay of a held-back datagram, not negative
 * @param maxDatagramSize the largest datagram carried, 0..65507 bytes
 */
public record DatagramConditions(
    double loss,
    double duplication,
    double reordering,
    Duration latency,
    Duration reorderDelay,
    int maxDatagramSize) {

  /** The latency of {@link #perfect()}: one millisecond. */
  public static final Duration DEFAULT_LATENCY = Duration.ofMillis(1);

  /**
   * Checks the components.
   *
   * @param loss 0..1
   * @param duplication 0..1
   * @param reordering 0..1
   * @param latency positive
   * @param reorderDelay not negative
   * @param maxDatagramSize 0..65507
   */
  public DatagramConditions {
    probability(loss, "loss");
    probability(duplication, "duplication");
    probability(reordering, "reordering");
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative() || latency.isZero()) {
      throw new IllegalArgumentException("latency must be positive: " + latency);
    }
    Objects.requireNonNull(reorderDelay, "reorderDelay");
    if (reorderDelay.isNegative()) {
      throw new IllegalArgumentException("reorderDelay must not be negative: " + reorderDelay);
    }
    if (maxDatagramSize < 0 || maxDatagramSize > 65_507) {
      throw new IllegalArgumentException("maxDatagramSize must be in 0..65507: " + maxDatagramSize);
    }
  }

  private static void probability(double p, String name) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in 0..1: " + p);
    }
  }

  /**
   * Returns conditions with no faults: nothing lost, duplicated or reordered,
   * {@link #DEFAULT_LATENCY}, datagrams up to 65507 bytes.
   *
   * @return the conditions
   */
  public static DatagramConditions perfect() {
    return new DatagramConditions(0, 0, 0, DEFAULT_LATENCY, Duration.ZERO, 65_507);
  }

  /**
   * Returns these conditions with another loss probability.
   *
   * @param p 0..1
   * @return the new conditions
   */
  public DatagramConditions withLoss(double p) {
    return new DatagramConditions(p, duplication, reordering, latency, reorderDelay, maxDatagramSize);
  }

  /**
   * Returns these conditions with another duplication probability.
   *
   * @param p 0..1
   * @return the new conditions
   */
  public DatagramConditions withDuplication(double p) {
    return new DatagramConditions(loss, p, reordering, latency, reorderDelay, maxDatagramSize);
  }

  /**
   * Returns these conditions with another reordering probability and delay.
   *
   * @param p 0..1
   * @param delay how much later a held-back datagram arrives, not negative
   * @return the new conditions
   */
  public DatagramConditions withReordering(double p, Duration delay) {
    return new DatagramConditions(loss, duplication, p, latency, delay, maxDatagramSize);
  }

  /**
   * Returns these conditions with another latency.
   *
   * @param oneWay positive
   * @return the new conditions
   */
  public DatagramConditions withLatency(Duration oneWay) {
    return new DatagramConditions(loss, duplication, reordering, oneWay, reorderDelay, maxDatagramSize);
  }

  /**
   * Returns these conditions with another size limit.
   *
   * @param bytes 0..65507
   * @return the new conditions
   */
  public DatagramConditions withMaxDatagramSize(int bytes) {
    return new DatagramConditions(loss, duplication, reordering, latency, reorderDelay, bytes);
  }
}
