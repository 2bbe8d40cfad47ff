package dev.weft.reactor.testing.net;

import dev.weft.reactor.ConnectFailedException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A way the network fails, as a value: a closed set bound to a phase and a direction, so a test
 * says in one line what goes wrong and where, and it happens at the same byte or fake instant
 * every run.
 *
 * <ul>
 *   <li>connect phase ({@link ConnectFault}): {@link #refuse()}, {@link #neverAnswer()},
 *       {@link #failConnect(ConnectFailedException)}, {@link #throwFromConnect(RuntimeException)},
 *       {@link #throwFromListen(RuntimeException)};</li>
 *   <li>stream ({@link StreamFault}, one direction, request or response): reset, close,
 *       half-close or stall after {@code n} bytes ({@link #resetAfter(long)}), right after a byte
 *       string ({@link #resetAfter(String)}, for example {@code "\r\n\r\n"}: right after the
 *       response headers), at a fake instant or when a predicate holds ({@link #reset(Trigger)});
 *       {@link #delayChunks(Duration)};</li>
 *   <li>resolver ({@link ResolverFault}): {@link #lookupFails(String)},
 *       {@link #lookupDelayed(String, Duration)}.</li>
 * </ul>
 *
 * <p>Apply a fault to the whole network ({@link Network#inject(Fault)}), to a host's connections
 * and attempts ({@link Host#inject(Fault)} or {@link #onHost(String)}), to one link
 * ({@link Link#inject(StreamFault)}, or {@link #onLink(int)} for the n-th link a network makes),
 * to one attempt ({@link ConnectFault#applyTo(dev.weft.reactor.testing.ClientAttempt)} for a
 * recorded one, {@link #onAttempt(int)} for the n-th attempt a network routes), or to a lone
 * {@link dev.weft.reactor.testing.MemoryReactor} ({@code inject}, for the thrown and resolver
 * faults). A {@link FaultPlan} is a list of them, drawn from a seed or written by hand.
 *
 * <p>Immutable and thread-safe. {@code toString()} is the Java expression that recreates the
 * fault (for example {@code Fault.resetAfter(17).onResponse().onLink(0)}), so a failing run's
 * faults paste into a test; only a predicate trigger prints the description it was given.
 *
 * <p>TLS faults ({@link dev.weft.reactor.testing.tls.TlsFault}) stay their own family: they act
 * between a TLS layer and its transport, on records, not on the bytes of a link.
 */
public sealed interface Fault permits ConnectFault, StreamFault, ResolverFault, Fault.Scoped {

  // ---- connect phase -----------------------------------------------------------------------

  /**
   * The attempt is refused: its factory hears a {@link dev.weft.reactor.ConnectionRefusedException}.
   *
   * @return the fault
   */
  static ConnectFault refuse() {
    return new ConnectFault.Refuse();
  }

  /**
   * The attempt is never answered, so its own connect timeout fires.
   *
   * @return the fault
   */
  static ConnectFault neverAnswer() {
    return new ConnectFault.NeverAnswer();
  }

  /**
   * The attempt fails with {@code reason} (unreachable, DNS, a timeout before its own...).
   *
   * @param reason what the factory's {@code clientConnectionFailed} receives
   * @return the fault
   */
  static ConnectFault failConnect(ConnectFailedException reason) {
    return new ConnectFault.FailWith(reason);
  }

  /**
   * {@code connectTCP} (and {@code connectTLS}) throw {@code failure} once their arguments are
   * checked, recording nothing. Twisted: {@code RaisingMemoryReactor}.
   *
   * @param failure what to throw
   * @return the fault
   */
  static ConnectFault throwFromConnect(RuntimeException failure) {
    return new ConnectFault.ThrowFromConnect(failure);
  }

  /**
   * {@code listenTCP} (and {@code listenTLS}) throw {@code failure} once their arguments are
   * checked, recording nothing: a port that cannot be opened, usually a
   * {@link dev.weft.reactor.CannotListenException}.
   *
   * @param failure what to throw
   * @return the fault
   */
  static ConnectFault throwFromListen(RuntimeException failure) {
    return new ConnectFault.ThrowFromListen(failure);
  }

  // ---- stream ------------------------------------------------------------------------------

  /**
   * Resets the connection after exactly {@code bytes} bytes of the response (change the
   * direction with {@link StreamFault#onRequest()}).
   *
   * @param bytes the offset, not negative
   * @return the fault
   */
  static StreamFault resetAfter(long bytes) {
    return reset(Trigger.afterBytes(bytes));
  }

  /**
   * Resets the connection right after the first {@code text} of the response.
   *
   * @param text the bytes to find, one byte per char (ISO-8859-1)
   * @return the fault
   */
  static StreamFault resetAfter(String text) {
    return reset(Trigger.afterMatch(text));
  }

  /**
   * Resets the connection when {@code trigger} fires, on the response.
   *
   * @param trigger when
   * @return the fault
   */
  static StreamFault reset(Trigger trigger) {
    return stream(StreamFault.Action.RESET, trigger);
  }

  /**
   * Closes the server's connection after exactly {@code bytes} bytes of the response.
   *
   * @param bytes the offset, not negative
   * @return the fault
   */
  static StreamFault closeAfter(long bytes) {
    return close(Trigger.afterBytes(bytes));
  }

  /**
   * Closes the server's connection right after the first {@code text} of the response.
   *
   * @param text the bytes to find, one byte per char (ISO-8859-1)
   * @return the fault
   */
  static StreamFault closeAfter(String text) {
    return close(Trigger.afterMatch(text));
  }

  /**
   * Closes the writer's connection when {@code trigger} fires, on the response.
   *
   * @param trigger when
   * @return the fault
   */
  static StreamFault close(Trigger trigger) {
    return stream(StreamFault.Action.CLOSE, trigger);
  }

  /**
   * Ends the server's output after exactly {@code bytes} bytes of the response.
   *
   * @param bytes the offset, not negative
   * @return the fault
   */
  static StreamFault halfCloseAfter(long bytes) {
    return halfClose(Trigger.afterBytes(bytes));
  }

  /**
   * Ends the server's output right after the first {@code text} of the response.
   *
   * @param text the bytes to find, one byte per char (ISO-8859-1)
   * @return the fault
   */
  static StreamFault halfCloseAfter(String text) {
    return halfClose(Trigger.afterMatch(text));
  }

  /**
   * Ends the writer's output when {@code trigger} fires, on the response.
   *
   * @param trigger when
   * @return the fault
   */
  static StreamFault halfClose(Trigger trigger) {
    return stream(StreamFault.Action.HALF_CLOSE, trigger);
  }

  /**
   * Stalls the response after exactly {@code bytes} bytes, until released.
   *
   * @param bytes the offset, not negative
   * @return the fault
   */
  static StreamFault stallAfter(long bytes) {
    return stall(Trigger.afterBytes(bytes));
  }

  /**
   * Stalls the response right after the first {@code text}, until released.
   *
   * @param text the bytes to find, one byte per char (ISO-8859-1)
   * @return the fault
   */
  static StreamFault stallAfter(String text) {
    return stall(Trigger.afterMatch(text));
  }

  /**
   * Stalls the response when {@code trigger} fires, until released.
   *
   * @param trigger when
   * @return the fault
   */
  static StreamFault stall(Trigger trigger) {
    return stream(StreamFault.Action.STALL, trigger);
  }

  /**
   * Delays every packet of the response by {@code delay}, from its first byte.
   *
   * @param delay the extra delay, positive
   * @return the fault
   */
  static StreamFault delayChunks(Duration delay) {
    return delayChunks(delay, Trigger.afterBytes(0));
  }

  /**
   * Delays every packet of the response sent after {@code trigger} fired by {@code delay}.
   *
   * @param delay the extra delay, positive
   * @param from when the delays start
   * @return the fault
   */
  static StreamFault delayChunks(Duration delay, Trigger from) {
    return new StreamFault(StreamFault.Action.DELAY, StreamFault.Direction.RESPONSE, from, delay);
  }

  /**
   * A stream fault with a trigger that fires when the response so far satisfies {@code test};
   * shorthand for {@code reset(Trigger.when(description, test))} and its siblings.
   *
   * @param action what happens
   * @param description how the trigger prints
   * @param test asked with every prefix of the response
   * @return the fault
   */
  static StreamFault when(StreamFault.Action action, String description, Predicate<byte[]> test) {
    return stream(action, Trigger.when(description, test));
  }

  private static StreamFault stream(StreamFault.Action action, Trigger trigger) {
    if (action == StreamFault.Action.DELAY) {
      throw new IllegalArgumentException("use delayChunks(delay, trigger) for a DELAY fault");
    }
    return new StreamFault(action, StreamFault.Direction.RESPONSE, trigger, Duration.ZERO);
  }

  // ---- resolver ----------------------------------------------------------------------------

  /**
   * Lookups of {@code host} fail with a {@link dev.weft.reactor.DnsLookupException}.
   *
   * @param host the name
   * @return the fault
   */
  static ResolverFault lookupFails(String host) {
    return new ResolverFault.LookupFails(host);
  }

  /**
   * Lookups of {@code host} answer after {@code delay} on the fake Clock.
   *
   * @param host the name
   * @param delay not negative
   * @return the fault
   */
  static ResolverFault lookupDelayed(String host, Duration delay) {
    return new ResolverFault.LookupDelayed(host, delay);
  }

  // ---- scope -------------------------------------------------------------------------------

  /**
   * Returns this fault limited to the attempts and links from or to the host named
   * {@code host} (and, for a resolver or thrown fault, to that host's reactor).
   *
   * @param host a host name of the network
   * @return the scoped fault
   * @throws IllegalArgumentException if this fault is already scoped
   */
  default Fault onHost(String host) {
    return new Scoped(this, new Scope.OnHost(host));
  }

  /**
   * Returns this stream fault limited to the {@code index}-th link the network makes (0 for the
   * first), counting every link, in the order they are made.
   *
   * @param index the link's index in {@link Network#links()}, not negative
   * @return the scoped fault
   * @throws IllegalArgumentException if this fault is already scoped or not a stream fault
   */
  default Fault onLink(int index) {
    if (!(this instanceof StreamFault)) {
      throw new IllegalArgumentException("onLink takes a stream fault: " + this);
    }
    return new Scoped(this, new Scope.OnLink(index));
  }

  /**
   * Returns this fault limited to the {@code index}-th TCP attempt the network routes (0 for the
   * first), counting attempts to hosts on the network in the order they are made; a stream fault
   * acts on the link that attempt makes.
   *
   * @param index the attempt's index, not negative
   * @return the scoped fault
   * @throws IllegalArgumentException if this fault is already scoped, or a resolver or thrown
   *     fault (those act on hosts)
   */
  default Fault onAttempt(int index) {
    if (this instanceof ResolverFault || this instanceof ConnectFault.ThrowFromConnect
        || this instanceof ConnectFault.ThrowFromListen) {
      throw new IllegalArgumentException("onAttempt takes a connect or stream fault: " + this);
    }
    return new Scoped(this, new Scope.OnAttempt(index));
  }

  /** Where a {@link Scoped} fault acts. */
  sealed interface Scope permits Scope.OnHost, Scope.OnLink, Scope.OnAttempt {
    /**
     * The attempts, links and reactor of one host.
     *
     * @param host the host's name
     */
    record OnHost(String host) implements Scope {
      /**
       * Checks the name.
       *
       * @param host the host's name
       */
      public OnHost {
        Objects.requireNonNull(host, "host");
      }

      @Override
      public String toString() {
        return ".onHost(" + JavaText.string(host) + ")";
      }
    }

    /**
     * The {@code index}-th link of the network.
     *
     * @param index from 0
     */
    record OnLink(int index) implements Scope {
      /**
       * Checks the index.
       *
       * @param index not negative
       */
      public OnLink {
        if (index < 0) {
          throw new IllegalArgumentException("link index must not be negative: " + index);
        }
      }

      @Override
      public String toString() {
        return ".onLink(" + index + ")";
      }
    }

    /**
     * The {@code index}-th routed attempt of the network.
     *
     * @param index from 0
     */
    record OnAttempt(int index) implements Scope {
      /**
       * Checks the index.
       *
       * @param index not negative
       */
      public OnAttempt {
        if (index < 0) {
          throw new IllegalArgumentException("attempt index must not be negative: " + index);
        }
      }

      @Override
      public String toString() {
        return ".onAttempt(" + index + ")";
      }
    }
  }

  /**
   * A fault limited to a host, a link or an attempt of a network; see {@link #onHost(String)},
   * {@link #onLink(int)}, {@link #onAttempt(int)}.
   *
   * @param fault the fault, not itself scoped
   * @param scope where it acts
   */
  record Scoped(Fault fault, Scope scope) implements Fault {
    /**
     * Checks the arguments.
     *
     * @param fault the fault
     * @param scope where it acts
     */
    public Scoped {
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(scope, "scope");
      if (fault instanceof Scoped) {
        throw new IllegalArgumentException("fault is already scoped: " + fault);
      }
    }

    @Override
    public String toString() {
      return fault.toString() + scope;
    }
  }
}
