package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.internal.LinkObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What happened on a {@link Network}, one event per line, with the fake time of each: connection
 * attempts and how they ended, the bytes each link delivered (with a short printable excerpt),
 * closes, half-closes and resets and why, faults fired, partitions and heals, held and released
 * links, host crashes and restarts. Not thread-safe: the network records on the test thread,
 * inside Clock calls, and the test reads it on the same thread.
 *
 * <p>Memory is bounded: the trace keeps the last {@link #capacity()} events (see
 * {@link Network.Builder#traceCapacity(int)}) and counts the ones it let go
 * ({@link #dropped()}). {@link #render()} gives the text, {@link #toSvg()} a sequence diagram
 * (hosts as lifelines, events as arrows labelled with fake time) and {@link #toMermaid()} the same
 * diagram as Mermaid text. The JUnit extension attaches both to a failing test that used a
 * network (see {@code ReactorExtension}).
 *
 * <p>Twisted has no counterpart; turmoil and Jepsen keep such histories.
 */
public final class Trace {
  /** The default number of events a trace keeps: the last 10,000. */
  public static final int DEFAULT_CAPACITY = 10_000;

  /** How many bytes of a delivery an event shows, escaped. */
  static final int EXCERPT = 40;

  /** What an event is. */
  public enum Kind {
    /** A host's {@code connectTCP} left for another host (the SYN): from client to server. */
    CONNECT,
    /** The attempt connected: from server to client. */
    CONNECTED,
    /** The attempt was refused, nothing listening: from server to client. */
    REFUSED,
    /** The attempt timed out on the client, unanswered. */
    TIMED_OUT,
    /** The attempt was cancelled on the client. */
    CANCELLED,
    /** The attempt failed otherwise on the client. */
    FAILED,
    /** Bytes landed at the receiver: from sender to receiver. */
    DATA,
    /** The sender's end of stream (FIN after a close) landed. */
    CLOSE,
    /** The sender's half-close (FIN, the sender still reads) landed. */
    HALF_CLOSE,
    /** A reset landed; the detail says why it was sent (aborted, crash, fault...). */
    RESET,
    /** A packet reached a crashed host and vanished; the detail says what it carried. */
    LOST,
    /** Both ends of a link gave up on a silent peer. */
    LINK_TIMEOUT,
    /** A fault fired. */
    FAULT,
    /** The network was cut between two hosts (both ways, or one way: the detail says). */
    PARTITION,
    /** A partition was healed. */
    HEAL,
    /** The test held a link. */
    HOLD,
    /** The test released a held link. */
    RELEASE,
    /** A host crashed. */
    CRASH,
    /** A crashed host restarted. */
    RESTART,
    /**
     * A datagram ended: delivered, duplicated, or dropped; the detail names the fate (see
     * {@link DatagramEvent.Fate}), the ports and an excerpt.
     */
    DATAGRAM
  }

  /**
   * One event.
   *
   * @param number the event's number on this network, from 1; numbers before the oldest kept
   *     event were dropped
   * @param at the Clock's elapsed time when it happened (for a delivery: when it landed)
   * @param kind what happened
   * @param from the host it came from or happened on, by name; {@code "*"} for the whole network
   * @param to the host it went to, or {@code null} for an event on one host
   * @param connection the number of the connection (attempt) it belongs to, from 1; 0 for none
   * @param sentAt when a delivery left its sender, or {@code null} for other events
   * @param bytes how many bytes a {@link Kind#DATA} event carried; 0 otherwise
   * @param detail what else there is to say: the excerpt, the reason, the fault
   */
  public record Event(long number, Duration at, Kind kind, String from, @Nullable String to,
      int connection, @Nullable Duration sentAt, long bytes, String detail) {
    /**
     * Checks the components.
     *
     * @param number from 1
     * @param at not negative
     * @param kind what happened
     * @param from a host name or {@code "*"}
     * @param to a host name, or {@code null}
     * @param connection 0 or more
     * @param sentAt when a delivery left, or {@code null}
     * @param bytes 0 or more
     * @param detail never {@code null}, maybe empty
     */
    public Event {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(detail, "detail");
    }

    /**
     * Returns the event as one line of text: time, connection, hosts, arrow, what.
     *
     * @return {@code "   12.000ms #1 crawler -> site1  DATA 40 bytes \"GET /\"..."}
     */
    @Override
    public String toString() {
      StringBuilder line = new StringBuilder(96);
      String time = millis(at);
      line.append(" ".repeat(Math.max(0, 12 - time.length()))).append(time).append(' ');
      line.append(connection == 0 ? "  " : "#" + connection).append(' ').append(from);
      if (to != null) {
        line.append(" -> ").append(to);
      }
      line.append("  ").append(kind);
      if (kind == Kind.DATA) {
        line.append(' ').append(bytes).append(bytes == 1 ? " byte" : " bytes");
      }
      if (!detail.isEmpty()) {
        line.append(' ').append(detail);
      }
      if (sentAt != null && !sentAt.equals(at)) {
        line.append(" (sent ").append(millis(sentAt)).append(')');
      }
      return line.toString();
    }
  }

  private final Clock clock;
  private final int capacity;
  private final Supplier<String> title; // built when printed: most traces never are
  /** The kept events as recorded: raw fields, made into {@link Event}s only when read. */
  private final ArrayDeque<Raw> events = new ArrayDeque<>();
  private long recorded;

  Trace(Clock clock, int capacity, Supplier<String> title) {
    this.clock = clock;
    this.capacity = capacity;
    this.title = title;
  }

  /**
   * Returns the kept events, oldest first.
   *
   * @return a snapshot, at most {@link #capacity()} events
   */
  public List<Event> events() {
    return List.copyOf(kept());
  }

  /**
   * Returns how many events were recorded, kept or not.
   *
   * @return the count
   */
  public long recorded() {
    return recorded;
  }

  /**
   * Returns how many of the oldest events were let go to keep the trace bounded.
   *
   * @return {@link #recorded()} minus the kept events
   */
  public long dropped() {
    return recorded - events.size();
  }

  /**
   * Returns how many events the trace keeps.
   *
   * @return the capacity set on {@link Network.Builder#traceCapacity(int)}
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Records that a fault fired, for fault code and for tests that inject failures by hand; it
   * shows in the text and the diagram like any event.
   *
   * @param from the host the fault acts on, or the sender whose bytes it acts on
   * @param to the receiving host, or {@code null} for a fault on one host
   * @param fault the fault, as it prints itself
   * @return this trace
   */
  public Trace faultFired(Host from, @Nullable Host to, Object fault) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(fault, "fault");
    record(Kind.FAULT, from.name(), to == null ? null : to.name(), 0, null, 0,
        String.valueOf(fault));
    return this;
  }

  /**
   * Returns the whole kept trace as text: a header line, then one line per event.
   *
   * @return the text
   */
  public String render() {
    return render(capacity);
  }

  /**
   * Returns the trace as text with at most {@code maxEvents} event lines, the most recent ones; a
   * line says how many earlier events are not shown.
   *
   * @param maxEvents at least 1
   * @return the text
   * @throws IllegalArgumentException if {@code maxEvents} is less than 1
   */
  public String render(int maxEvents) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be at least 1: " + maxEvents);
    }
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder().append(header()).append(nl);
    int skip = Math.max(0, events.size() - maxEvents);
    long hidden = dropped() + skip;
    if (hidden > 0) {
      out.append("  ... ").append(hidden).append(" earlier events not shown").append(nl);
    }
    int i = 0;
    for (Raw e : events) {
      if (i++ >= skip) {
        out.append(e.event()).append(nl);
      }
    }
    return out.toString();
  }

  /**
   * Returns the trace as a self-contained SVG sequence diagram: one lifeline per host, one arrow
   * per event, labelled with its fake time. Large traces are cut (see {@link SequenceDiagram})
   * and the cut is noted in the picture.
   *
   * @return an SVG document
   */
  public String toSvg() {
    return SequenceDiagram.of(this).svg();
  }

  /**
   * Returns the sequence diagram as Mermaid text ({@code sequenceDiagram}), cut like
   * {@link #toSvg()}.
   *
   * @return the Mermaid source
   */
  public String toMermaid() {
    return SequenceDiagram.of(this).mermaid();
  }

  /** The header line: which network, how many events. */
  String header() {
    return "Trace of " + title.get() + " at " + millis(clock.elapsed()) + ": " + recorded
        + " events"
        + (dropped() > 0 ? ", the first " + dropped() + " dropped (capacity " + capacity + ")"
            : "");
  }

  /** Returns the text; see {@link #render()}. */
  @Override
  public String toString() {
    return render();
  }

  void record(Kind kind, String from, @Nullable String to, int connection,
      @Nullable Duration sentAt, long bytes, String detail) {
    record(kind, from, to, connection, sentAt == null ? NOT_SENT : sentAt.toNanos(), bytes,
        Objects.requireNonNull(detail, "detail"));
  }

  /**
   * Keeps an event's raw fields; {@code detail} is its text, or for a {@link Kind#DATA} event
   * the first bytes it carried, made printable only when the event is read: the network records
   * every packet, and most traces are never read.
   */
  private void record(Kind kind, String from, @Nullable String to, int connection,
      long sentAtNanos, long bytes, Object detail) {
    recorded++;
    Raw raw;
    if (events.size() == capacity) {
      raw = events.removeFirst();
    } else {
      raw = new Raw();
    }
    raw.number = recorded;
    raw.atNanos = clock.elapsedNanos();
    raw.kind = kind;
    raw.from = from;
    raw.to = to;
    raw.connection = connection;
    raw.sentAtNanos = sentAtNanos;
    raw.bytes = bytes;
    raw.detail = detail;
    events.addLast(raw);
  }

  /** {@link Raw#sentAtNanos} of an event that is not a delivery. */
  private static final long NOT_SENT = Long.MIN_VALUE;

  /** One kept event as recorded, reused once the trace is full. */
  private static final class Raw {
    long number;
    long atNanos;
    Kind kind;
    String from;
    @Nullable String to;
    int connection;
    long sentAtNanos;
    long bytes;
    Object detail;

    Event event() {
      String text;
      if (detail instanceof byte[] head) {
        text = Bytes.printable(head, 0, head.length) + (bytes > head.length ? "..." : "");
      } else {
        text = (String) detail;
      }
      return new Event(number, Duration.ofNanos(atNanos), kind, from, to, connection,
          sentAtNanos == NOT_SENT ? null : Duration.ofNanos(sentAtNanos), bytes, text);
    }
  }

  /** What a link tells the trace about connection {@code connection}. */
  LinkObserver observer(int connection, Host client, Host server) {
    return new LinkObserver() {
      @Override
      public void data(boolean towardsServer, long sentAtNanos, byte[] head, long bytes) {
        record(Kind.DATA, sender(towardsServer), receiver(towardsServer), connection,
            sentAtNanos, bytes, head);
      }

      @Override
      public void end(boolean towardsServer, long sentAtNanos, String kind) {
        int colon = kind.indexOf(':');
        String word = colon < 0 ? kind : kind.substring(0, colon);
        String why = colon < 0 ? "" : kind.substring(colon + 1).trim();
        Kind k = switch (word) {
          case "close" -> Kind.CLOSE;
          case "half-close" -> Kind.HALF_CLOSE;
          default -> Kind.RESET;
        };
        record(k, sender(towardsServer), receiver(towardsServer), connection,
            Duration.ofNanos(sentAtNanos), 0, why);
      }

      @Override
      public void lost(boolean towardsServer, long sentAtNanos, long bytes, String what) {
        record(Kind.LOST, sender(towardsServer), receiver(towardsServer), connection,
            Duration.ofNanos(sentAtNanos), bytes,
            (what.equals("data") ? bytes + " bytes" : what) + ": the host is down");
      }

      @Override
      public void timedOut(String why) {
        record(Kind.LINK_TIMEOUT, client.name(), server.name(), connection, null, 0, why);
      }

      @Override
      public void faultFired(boolean towardsServer, String fault) {
        record(Kind.FAULT, sender(towardsServer), receiver(towardsServer), connection, null, 0,
            fault);
      }

      private String sender(boolean towardsServer) {
        return (towardsServer ? client : server).name();
      }

      private String receiver(boolean towardsServer) {
        return (towardsServer ? server : client).name();
      }
    };
  }

  /** Formats a duration as milliseconds with three decimals: {@code 12.345ms}. */
  static String millis(Duration d) {
    long nanos = d.toNanos();
    long micros = Math.round(nanos / 1000.0);
    String frac = String.valueOf(1000 + micros % 1000).substring(1);
    return (micros / 1000) + "." + frac + "ms";
  }

  /** The kept events as a list, for the diagram. */
  List<Event> kept() {
    List<Event> list = new ArrayList<>(events.size());
    for (Raw e : events) {
      list.add(e.event());
    }
    return list;
  }

  String title() {
    return title.get();
  }
}
