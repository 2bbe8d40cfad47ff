package dev.weft.reactor.testing;

import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.testing.internal.Actions;
import dev.weft.reactor.testing.net.StreamFault;
import dev.weft.reactor.testing.net.Trigger;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stream faults of one direction of a {@link NetLink} or a {@link Pump} and what they need to fire at an exact
 * byte: the count of bytes the writer sent, the bytes seen while a content trigger waits, which
 * instants have come. {@link NetLink} asks where the next fault cuts what it is about to send and
 * does what the fault says (a pump likewise, in its steps); this class only decides when.
 */
final class DirectionFaults {
  private final List<Pending> pending = new ArrayList<>();
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream(0);
  private long sent;
  boolean stalled;
  boolean cut;
  long extraDelayNanos;
  byte @Nullable [] stash;

  private static final class Pending {
    final StreamFault fault;
    boolean due;
    @Nullable DelayedCall timer;

    Pending(StreamFault fault) {
      this.fault = fault;
    }
  }

  /** Where a fault fires within bytes about to be sent: after {@code bytes} of them. */
  record Cut(StreamFault fault, int bytes) {}

  /** Whether nothing here can change what is sent: no fault waits and no stall holds. */
  boolean isEmpty() {
    return pending.isEmpty() && !stalled;
  }

  long sent() {
    return sent;
  }

  /** Adds a fault; an instant trigger schedules its instant on the clock (at once if past). */
  void add(StreamFault fault, @Nullable Clock clock, Runnable kick, String label) {
    Pending p = new Pending(fault);
    if (fault.trigger() instanceof Trigger.AtInstant at) {
      if (clock == null) {
        throw new IllegalArgumentException("a fault at an instant needs a clock: " + fault
            + " on " + label + "; a pump gets one with Pump.builder().advancing(clock, step)");
      }
      long wait = at.elapsed().toNanos() - clock.elapsed().toNanos();
      if (wait <= 0) {
        p.due = true;
      } else {
        p.timer = clock.callLater(Duration.ofNanos(wait), Actions.named(
            () -> fault + " comes due on " + label, () -> {
              p.timer = null;
              p.due = true;
              kick.run();
            }));
      }
    }
    pending.add(p);
  }

  /** A fault that fires before any more bytes go: its offset reached, its instant come. */
  @Nullable StreamFault takeDue() {
    for (Pending p : pending) {
      boolean due = p.due || (p.fault.trigger() instanceof Trigger.AfterBytes after
          && after.bytes() <= sent);
      if (due) {
        pending.remove(p);
        cancel(p);
        return p.fault;
      }
    }
    return null;
  }

  /**
   * The earliest fault that fires within {@code data[from..to)}, and after how many of those
   * bytes; null if none does. Offsets and matches fire after at least one of these bytes.
   */
  @Nullable Cut cutWithin(byte[] data, int from, int to) {
    Cut best = null;
    for (Pending p : pending) {
      int at = firesAfter(p.fault.trigger(), data, from, to);
      if (at >= 0 && (best == null || at < best.bytes())) {
        best = new Cut(p.fault, at);
      }
    }
    return best;
  }

  private int firesAfter(Trigger trigger, byte[] data, int from, int to) {
    int length = to - from;
    if (trigger instanceof Trigger.AfterBytes after) {
      long left = after.bytes() - sent;
      return left >= 1 && left <= length ? (int) left : -1;
    }
    if (trigger instanceof Trigger.AfterMatch match) {
      byte[] needle = match.bytes();
      byte[] history = seen.toByteArray();
      int keep = Math.min(history.length, needle.length - 1);
      byte[] window = new byte[keep + length];
      System.arraycopy(history, history.length - keep, window, 0, keep);
      System.arraycopy(data, from, window, keep, length);
      for (int i = 0; i + needle.length <= window.length; i++) {
        if (Arrays.equals(window, i, i + needle.length, needle, 0, needle.length)) {
          return i + needle.length - keep;
        }
      }
      return -1;
    }
    if (trigger instanceof Trigger.When when) {
      byte[] history = seen.toByteArray();
      for (int n = 1; n <= length; n++) {
        byte[] prefix = Arrays.copyOf(history, history.length + n);
        System.arraycopy(data, from, prefix, history.length, n);
        if (when.test().test(prefix)) {
          return n;
        }
      }
      return -1;
    }
    return -1; // An instant fires by takeDue, between sends.
  }

  /** The fault {@code fault} fired: it is no longer pending. */
  void fired(StreamFault fault) {
    for (int i = 0; i < pending.size(); i++) {
      if (pending.get(i).fault == fault) {
        cancel(pending.remove(i));
        return;
      }
    }
  }

  /**
   * The link ended: the faults that did not fire never will, and their instants are cancelled,
   * so a Clock run until idle does not jump to them.
   */
  void ended() {
    for (Pending p : pending) {
      cancel(p);
    }
    pending.clear();
  }

  private static void cancel(Pending p) {
    DelayedCall timer = p.timer;
    if (timer != null && timer.isActive()) {
      timer.cancel();
    }
    p.timer = null;
  }

  /** {@code data[from..to)} went out: counted, and kept while a content trigger waits for it. */
  void passed(byte[] data, int from, int to) {
    sent += to - from;
    boolean predicate = false;
    int longest = 0;
    for (Pending p : pending) {
      if (p.fault.trigger() instanceof Trigger.When) {
        predicate = true;
      } else if (p.fault.trigger() instanceof Trigger.AfterMatch match) {
        longest = Math.max(longest, match.bytes().length);
      }
    }
    if (!predicate && longest == 0) {
      return;
    }
    seen.write(data, from, to - from);
    if (!predicate && seen.size() > 2 * longest + 4096) {
      // A byte string only needs the tail that could start a match: keep memory flat.
      byte[] all = seen.toByteArray();
      seen.reset();
      seen.write(all, all.length - (longest - 1), longest - 1);
    }
  }

  /** Counts bytes that went out while no fault was pending (nothing to look at). */
  void passed(long bytes) {
    sent += bytes;
  }
}
