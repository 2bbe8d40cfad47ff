package dev.weft.reactor.testing.internal;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Words for the code a fake holds (a delayed call's action), as a test author would say them. */
public final class Actions {
  private Actions() {}

  /**
   * Returns {@code action} with a description for reports: what the fake schedules on its own
   * behalf (a connect timeout) names itself this way.
   *
   * @param description computed when a report needs it, so it shows the current state
   * @param action the code to run
   * @return a runnable that runs {@code action} and whose {@code toString} is the description
   */
  public static Runnable named(Supplier<String> description, Runnable action) {
    return new Named(Objects.requireNonNull(description, "description"),
        Objects.requireNonNull(action, "action"));
  }

  /**
   * Like {@link #named}, for the simulated network's own traffic (a packet arriving, a link's
   * service, a SYN): the {@code Clock} notes no call site for it. The user's line that happens
   * to be on the stack when a packet is sent says nothing about the packet, and finding it would
   * cost a stack walk per packet.
   *
   * @param description computed when a report needs it
   * @param action the code to run
   * @return a runnable that runs {@code action} and whose {@code toString} is the description
   */
  public static Runnable traffic(Supplier<String> description, Runnable action) {
    return new Traffic(Objects.requireNonNull(description, "description"),
        Objects.requireNonNull(action, "action"));
  }

  /**
   * Tells whether {@code call} is the network's own traffic, made by {@link #traffic}.
   *
   * @param call a delayed call's action
   * @return whether no call site should be noted for it
   */
  public static boolean isTraffic(Runnable call) {
    return call instanceof Traffic;
  }

  /**
   * Describes an action and where it was scheduled: {@code "connect timeout of ..., scheduled
   * at com.example.Foo.bar(Foo.java:42)"}. A lambda or a class without its own {@code toString}
   * says nothing useful about itself, so when the place is known only the place is given;
   * otherwise the class it was written in.
   *
   * @param action the code (a {@code Runnable}, a {@code Callable}...)
   * @param scheduledAt where user code scheduled it, or {@code null}
   * @return the description, never empty
   */
  public static String describe(Object action, @Nullable StackTraceElement scheduledAt) {
    String self = selfDescription(action);
    if (scheduledAt == null) {
      return self != null ? self : anonymousDescription(action.getClass());
    }
    return (self != null ? self + ", " : "") + "scheduled at " + scheduledAt;
  }

  /** The action's own words, or {@code null} if its toString is a JVM default. */
  private static @Nullable String selfDescription(Object action) {
    Class<?> type = action.getClass();
    if (isLambda(type)) {
      return null;
    }
    try {
      if (type.getMethod("toString").getDeclaringClass() == Object.class) {
        return null;
      }
    } catch (NoSuchMethodException impossible) {
      return null;
    }
    return action.toString();
  }

  private static String anonymousDescription(Class<?> type) {
    if (isLambda(type)) {
      String name = type.getName();
      return "a lambda in " + name.substring(0, name.indexOf("$$Lambda"));
    }
    return "a " + type.getName();
  }

  private static boolean isLambda(Class<?> type) {
    return (type.isHidden() || type.isSynthetic()) && type.getName().contains("$$Lambda");
  }

  private record Named(Supplier<String> description, Runnable action) implements Runnable {
    @Override
    public void run() {
      action.run();
    }

    @Override
    public String toString() {
      return description.get();
    }
  }

  private record Traffic(Supplier<String> description, Runnable action) implements Runnable {
    @Override
    public void run() {
      action.run();
    }

    @Override
    public String toString() {
      return description.get();
    }
  }
}
