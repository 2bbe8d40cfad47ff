package dev.weft.reactor.testing.net;

import dev.weft.reactor.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which faults a {@link FaultPlan#random(long, FaultRates)} plan draws, how often and where: for
 * each of the first {@link Builder#connections(int) n} attempts of a network, the chance of a
 * connect fault; for each of its first n links, the chance of a stream fault, its kind, direction
 * and trigger (an offset in a range, a fake instant, or a byte string); for named hosts, the
 * chance of a resolver fault. Immutable and thread-safe; made by {@link #builder()}.
 *
 * @param connections how many attempts and links (counted from the first) a plan covers
 * @param connectRate chance of a connect fault per attempt
 * @param streamRate chance of a stream fault per link
 * @param actions the stream faults to draw from
 * @param directions the directions to draw from
 * @param minOffset the smallest byte offset drawn
 * @param maxOffset the largest byte offset drawn
 * @param instantRate chance a stream fault fires at a fake instant instead of an offset
 * @param maxInstant the latest instant drawn
 * @param matches byte strings (ISO-8859-1) a stream fault may fire after
 * @param matchRate chance a stream fault fires after one of {@code matches}
 * @param maxDelay the largest extra delay a {@code DELAY} fault draws
 * @param lookupHosts host names that may get a resolver fault
 * @param lookupRate chance of a resolver fault per name
 */
public record FaultRates(
    int connections,
    double connectRate,
    double streamRate,
    Set<StreamFault.Action> actions,
    Set<StreamFault.Direction> directions,
    long minOffset,
    long maxOffset,
    double instantRate,
    Duration maxInstant,
    List<String> matches,
    double matchRate,
    Duration maxDelay,
    List<String> lookupHosts,
    double lookupRate) {

  /**
   * Checks and copies the fields; see {@link Builder} for each.
   *
   * @param connections at least 1
   * @param connectRate in 0..1
   * @param streamRate in 0..1
   * @param actions not empty
   * @param directions not empty
   * @param minOffset not negative
   * @param maxOffset at least {@code minOffset}
   * @param instantRate in 0..1
   * @param maxInstant not negative
   * @param matches not empty strings
   * @param matchRate in 0..1
   * @param maxDelay positive
   * @param lookupHosts names
   * @param lookupRate in 0..1
   */
  public FaultRates {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
    rate(connectRate, "connectRate");
    rate(streamRate, "streamRate");
    rate(instantRate, "instantRate");
    rate(matchRate, "matchRate");
    rate(lookupRate, "lookupRate");
    actions = Set.copyOf(actions);
    directions = Set.copyOf(directions);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("actions must not be empty");
    }
    if (directions.isEmpty()) {
      throw new IllegalArgumentException("directions must not be empty");
    }
    if (minOffset < 0 || maxOffset < minOffset) {
      throw new IllegalArgumentException(
          "offsets must satisfy 0 <= min <= max: " + minOffset + ".." + maxOffset);
    }
    Checks.nonNegative(maxInstant, "maxInstant");
    Checks.positive(maxDelay, "maxDelay");
    matches = List.copyOf(matches);
    for (String m : matches) {
      Trigger.afterMatch(m); // checks it
    }
    lookupHosts = List.copyOf(lookupHosts);
  }

  private static void rate(double rate, String name) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be in 0..1: " + rate);
    }
  }

  /**
   * Starts a builder: 4 connections, no connect faults, a stream fault on half the links (reset,
   * close, half-close or stall, either direction, after 0..256 bytes), no instant or match
   * triggers, no resolver faults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures {@link FaultRates}; not thread-safe. */
  public static final class Builder {
    private int connections = 4;
    private double connectRate;
    private double streamRate = 0.5;
    private Set<StreamFault.Action> actions = EnumSet.of(StreamFault.Action.RESET,
        StreamFault.Action.CLOSE, StreamFault.Action.HALF_CLOSE, StreamFault.Action.STALL);
    private Set<StreamFault.Direction> directions = EnumSet.allOf(StreamFault.Direction.class);
    private long minOffset;
    private long maxOffset = 256;
    private double instantRate;
    private Duration maxInstant = Duration.ofSeconds(1);
    private final List<String> matches = new ArrayList<>();
    private double matchRate;
    private Duration maxDelay = Duration.ofMillis(100);
    private final List<String> lookupHosts = new ArrayList<>();
    private double lookupRate;

    private Builder() {}

    /**
     * Sets how many attempts and links, from the first, a plan covers.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder connections(int count) {
      this.connections = count;
      return this;
    }

    /**
     * Sets the chance of a connect fault (refuse, never answer, or fail as unreachable) on each
     * covered attempt.
     *
     * @param rate in 0..1
     * @return this builder
     */
    public Builder connectFaults(double rate) {
      this.connectRate = rate;
      return this;
    }

    /**
     * Sets the chance of a stream fault on each covered link.
     *
     * @param rate in 0..1
     * @return this builder
     */
    public Builder streamFaults(double rate) {
      this.streamRate = rate;
      return this;
    }

    /**
     * Sets the stream faults to draw from.
     *
     * @param first one action
     * @param more others
     * @return this builder
     */
    public Builder actions(StreamFault.Action first, StreamFault.Action... more) {
      this.actions = EnumSet.of(first, more);
      return this;
    }

    /**
     * Sets the directions to draw from.
     *
     * @param first one direction
     * @param more others
     * @return this builder
     */
    public Builder directions(StreamFault.Direction first, StreamFault.Direction... more) {
      this.directions = EnumSet.of(first, more);
      return this;
    }

    /**
     * Sets the range byte offsets are drawn from, both ends included.
     *
     * @param min not negative
     * @param max at least {@code min}
     * @return this builder
     */
    public Builder offsets(long min, long max) {
      this.minOffset = min;
      this.maxOffset = max;
      return this;
    }

    /**
     * Makes a stream fault fire at a fake instant in {@code 0..latest} with chance {@code rate},
     * instead of at an offset.
     *
     * @param rate in 0..1
     * @param latest not negative
     * @return this builder
     */
    public Builder instants(double rate, Duration latest) {
      this.instantRate = rate;
      this.maxInstant = Objects.requireNonNull(latest, "latest");
      return this;
    }

    /**
     * Makes a stream fault fire right after one of {@code texts} with chance {@code rate},
     * instead of at an offset or instant: {@code matches(0.3, "\r\n\r\n")} cuts after headers.
     *
     * @param rate in 0..1
     * @param texts byte strings, one byte per char
     * @return this builder
     */
    public Builder matches(double rate, String... texts) {
      this.matchRate = rate;
      this.matches.clear();
      this.matches.addAll(List.of(texts));
      if (rate > 0 && matches.isEmpty()) {
        throw new IllegalArgumentException("texts must not be empty when rate is above 0: " + rate);
      }
      return this;
    }

    /**
     * Sets the largest extra delay a {@code DELAY} fault draws (from 1 ms).
     *
     * @param max positive
     * @return this builder
     */
    public Builder maxDelay(Duration max) {
      this.maxDelay = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * Sets the chance that lookups of each of {@code hosts} fail or are slow.
     *
     * @param rate in 0..1
     * @param hosts host names
     * @return this builder
     */
    public Builder lookupFaults(double rate, String... hosts) {
      this.lookupRate = rate;
      this.lookupHosts.clear();
      this.lookupHosts.addAll(List.of(hosts));
      return this;
    }

    /**
     * Builds the rates.
     *
     * @return the rates
     * @throws IllegalArgumentException if a value is out of range
     */
    public FaultRates build() {
      return new FaultRates(connections, connectRate, streamRate, actions, directions, minOffset,
          maxOffset, instantRate, maxInstant, matches, matchRate, maxDelay, lookupHosts,
          lookupRate);
    }
  }
}
