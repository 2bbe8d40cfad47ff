package dev.weft.reactor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** The {@link Clock} view of a {@link ReactorTime}; see {@link ReactorTime#javaClock()}. */
final class ReactorJavaClock extends Clock {
  private final ReactorTime time;
  private final ZoneId zone;

  ReactorJavaClock(ReactorTime time, ZoneId zone) {
    this.time = time;
    this.zone = zone;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ReactorJavaClock(time, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public Instant instant() {
    return time.now();
  }

  @Override
  public String toString() {
    return "ReactorJavaClock[" + time + ", " + zone + "]";
  }
}
