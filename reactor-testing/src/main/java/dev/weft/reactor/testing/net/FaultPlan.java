package dev.weft.reactor.testing.net;

import dev.weft.reactor.ConnectFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A list of {@link Fault}s to apply to a {@link Network}, written by hand with
 * {@link #of(Fault...)} or drawn from a seed and {@link FaultRates} with
 * {@link #random(long, FaultRates)}. A drawn plan is concrete: {@link #toJava()} (and
 * {@code toString()}) prints it as literal fault values, such as
 * {@code FaultPlan.of(Fault.resetAfter(17).onResponse().onLink(0))}, which paste into a test and
 * replay the run exactly.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.random(seed, FaultRates.builder().streamFaults(0.5).build());
 * Network network = Network.create(seed);
 * plan.applyTo(network);
 * }</pre>
 *
 * <p>Immutable and thread-safe. Two plans are equal when they print the same.
 */
public final class FaultPlan {
  private static final FaultPlan NONE = new FaultPlan(List.of());

  private final List<Fault> faults;

  private FaultPlan(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  /**
   * Returns a plan of the given faults, applied in order.
   *
   * @param faults the faults
   * @return the plan
   */
  public static FaultPlan of(Fault... faults) {
    for (Fault f : faults) {
      Objects.requireNonNull(f, "faults");
    }
    return new FaultPlan(List.of(faults));
  }

  /**
   * Returns a plan of the given faults, applied in order.
   *
   * @param faults the faults
   * @return the plan
   */
  public static FaultPlan of(List<? extends Fault> faults) {
    return new FaultPlan(List.copyOf(faults));
  }

  /**
   * Returns the plan with no faults.
   *
   * @return the empty plan
   */
  public static FaultPlan none() {
    return NONE;
  }

  /**
   * Draws a plan from {@code seed} and {@code rates}: the same seed and rates give the same plan,
   * on every machine and run. Connect faults are scoped {@linkplain Fault#onAttempt(int) to
   * attempts}, stream faults {@linkplain Fault#onLink(int) to links}, resolver faults apply to
   * every host.
   *
   * @param seed the seed
   * @param rates which faults, how often, where
   * @return a concrete plan
   */
  public static FaultPlan random(long seed, FaultRates rates) {
    Objects.requireNonNull(rates, "rates");
    SplittableRandom random = new SplittableRandom(seed);
    List<Fault> drawn = new ArrayList<>();
    for (int i = 0; i < rates.connections(); i++) {
      if (random.nextDouble() < rates.connectRate()) {
        ConnectFault fault = switch (random.nextInt(3)) {
          case 0 -> Fault.refuse();
          case 1 -> Fault.neverAnswer();
          default -> Fault.failConnect(
              new ConnectFailedException("Network is unreachable (fault plan)"));
        };
        drawn.add(fault.onAttempt(i));
      }
    }
    // Enum order, not the set's: an immutable set's iteration order changes from run to run.
    List<StreamFault.Action> actions = List.copyOf(EnumSet.copyOf(rates.actions()));
    List<StreamFault.Direction> directions = List.copyOf(EnumSet.copyOf(rates.directions()));
    for (int i = 0; i < rates.connections(); i++) {
      if (random.nextDouble() < rates.streamRate()) {
        drawn.add(drawStream(random, rates, actions, directions).onLink(i));
      }
    }
    for (String host : rates.lookupHosts()) {
      if (random.nextDouble() < rates.lookupRate()) {
        drawn.add(random.nextBoolean() ? Fault.lookupFails(host)
            : Fault.lookupDelayed(host, Duration.ofMillis(1 + random.nextLong(
                Math.max(1, rates.maxDelay().toMillis())))));
      }
    }
    return new FaultPlan(drawn);
  }

  private static StreamFault drawStream(SplittableRandom random, FaultRates rates,
      List<StreamFault.Action> actions, List<StreamFault.Direction> directions) {
    StreamFault.Action action = actions.get(random.nextInt(actions.size()));
    StreamFault.Direction direction = directions.get(random.nextInt(directions.size()));
    double pick = random.nextDouble();
    Trigger trigger;
    if (pick < rates.matchRate()) {
      trigger = Trigger.afterMatch(rates.matches().get(random.nextInt(rates.matches().size())));
    } else if (pick < rates.matchRate() + rates.instantRate()) {
      trigger = Trigger.at(Duration.ofMillis(random.nextLong(rates.maxInstant().toMillis() + 1)));
    } else {
      trigger = Trigger.afterBytes(
          rates.minOffset() + random.nextLong(rates.maxOffset() - rates.minOffset() + 1));
    }
    StreamFault fault = action == StreamFault.Action.DELAY
        ? Fault.delayChunks(Duration.ofMillis(
            1 + random.nextLong(Math.max(1, rates.maxDelay().toMillis()))), trigger)
        : new StreamFault(action, StreamFault.Direction.RESPONSE, trigger, Duration.ZERO);
    return direction == StreamFault.Direction.REQUEST ? fault.onRequest() : fault.onResponse();
  }

  /**
   * Returns the faults, in order.
   *
   * @return an unmodifiable list
   */
  public List<Fault> faults() {
    return faults;
  }

  /**
   * Tells whether the plan has no faults.
   *
   * @return {@code true} for the empty plan
   */
  public boolean isEmpty() {
    return faults.isEmpty();
  }

  /**
   * Returns this plan with {@code index}-th fault left out: what a shrinker tries.
   *
   * @param index the fault to leave out, from 0
   * @return a smaller plan
   * @throws IndexOutOfBoundsException if there is no such fault
   */
  public FaultPlan without(int index) {
    Objects.checkIndex(index, faults.size());
    List<Fault> rest = new ArrayList<>(faults);
    rest.remove(index);
    return new FaultPlan(rest);
  }

  /**
   * Shrinks a failing plan: leaves faults out one at a time, keeping each removal after which
   * {@code stillFails} still holds, until no single fault can go. The result fails and is
   * one-minimal (every fault left is needed), not necessarily the smallest of all; it is this
   * plan if no fault can go. {@code stillFails} runs the scenario afresh for each candidate,
   * so it is called at most {@code n * (n + 1) / 2} times for {@code n} faults.
   *
   * @param stillFails runs the test's scenario under a candidate plan and tells whether it still
   *     fails; it should not throw
   * @return a plan of some of these faults, in the same order, that still fails
   */
  public FaultPlan shrink(java.util.function.Predicate<FaultPlan> stillFails) {
    Objects.requireNonNull(stillFails, "stillFails");
    FaultPlan current = this;
    boolean removed = true;
    while (removed) {
      removed = false;
      for (int i = 0; i < current.faults.size(); i++) {
        FaultPlan candidate = current.without(i);
        if (stillFails.test(candidate)) {
          current = candidate;
          removed = true;
          break;
        }
      }
    }
    return current;
  }

  /**
   * Injects every fault into {@code network}, in order; see {@link Network#inject(Fault)}.
   *
   * @param network the network, usually before its hosts connect
   * @return {@code network}
   */
  public Network applyTo(Network network) {
    Objects.requireNonNull(network, "network");
    for (Fault f : faults) {
      network.inject(f);
    }
    return network;
  }

  /**
   * Returns the Java expression that recreates this plan: {@code FaultPlan.none()} or
   * {@code FaultPlan.of(...)} with one literal fault per line.
   *
   * @return source text to paste into a test
   */
  public String toJava() {
    if (faults.isEmpty()) {
      return "FaultPlan.none()";
    }
    StringBuilder out = new StringBuilder("FaultPlan.of(");
    for (int i = 0; i < faults.size(); i++) {
      out.append(i == 0 ? "" : ",").append("\n    ").append(faults.get(i));
    }
    return out.append(")").toString();
  }

  @Override
  public String toString() {
    return toJava();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FaultPlan p && p.toJava().equals(toJava());
  }

  @Override
  public int hashCode() {
    return toJava().hashCode();
  }
}
