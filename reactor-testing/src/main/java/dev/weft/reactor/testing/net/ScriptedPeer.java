package dev.weft.reactor.testing.net;

import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.recording.Recording;
import dev.weft.reactor.testing.ClientAttempt;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The other end of one connection, playing a script against the code under test: expect these
 * bytes, a line or what a predicate accepts; send bytes; wait on the fake Clock; half-close,
 * close or reset. Not thread-safe: build and use it on the test thread.
 *
 * <p><b>Attaching it.</b> A peer is a {@link ProtocolFactory} that builds one protocol, for one
 * connection. Either listen with it and connect the recorded attempt to the port:
 * <pre>{@code
 * MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(8080, peer);
 * Pump pump = reactor.lastClientAttempt().connectTo(port);
 * }</pre>
 * or answer a recorded attempt with it in one call, without a port:
 * {@link #answer(ClientAttempt)}. Bytes move when the test pumps ({@link Pump#flush()}); a
 * {@link Builder#waitFor(Duration) wait} ends when the reactor's Clock reaches it, and what the
 * peer sends then moves at the next pump.
 *
 * <p><b>Chunking.</b> What the peer sends reaches the code under test cut as the pump's
 * {@link Chunking} says: {@link #answer(ClientAttempt)} uses the builder's
 * {@link Builder#chunking(Chunking)} (default {@link Chunking#coalesced()}); a test that
 * connects to a listening port chooses it on the {@link Pump.Builder}. The peer itself reads
 * correctly however its input is cut.
 *
 * <p><b>When the code under test deviates.</b> An expect step that receives bytes it cannot
 * match fails at once with an {@link AssertionError} whose message names the peer, the step,
 * and shows expected and actual bytes, escaped and in hex, from just before the offset of the
 * first difference. The error is thrown from the peer's {@code dataReceived}, so the reactor
 * records it as a callback error ({@link MemoryReactor#callbackErrors()}, which the
 * dirty-reactor check reports unless the test takes it) and aborts the
 * peer's connection, which the code under test sees as a reset; a standalone {@link Pump} throws
 * it from {@code pump()}. {@link #verify()} throws it too.
 *
 * <p><b>When the test ends early.</b> The peer registers with its reactor's dirty-reactor check
 * ({@link MemoryReactor#addLeftoverCheck}): a test that ends before the script ran to its end,
 * or after the code under test sent bytes the script never read, fails with a
 * {@link Leftover.Kind#SCRIPTED_PEERS} leftover that names the step and the fix.
 * {@link #verify()} checks the same on demand.
 *
 * <p>Twisted has no counterpart; OkHttp's {@code MockWebServer} and tokio-test's {@code Builder}
 * script a peer on real sockets and one stream respectively.
 */
public final class ScriptedPeer implements ProtocolFactory {
  private final MemoryReactor reactor;
  private final String name;
  private final List<ScriptStep> steps;
  private final Chunking chunking;
  private @Nullable ScriptRun run;

  private ScriptedPeer(Builder b) {
    this.reactor = b.reactor;
    this.name = b.name;
    this.steps = List.copyOf(b.steps);
    this.chunking = b.chunking;
    reactor.addLeftoverCheck(this::leftovers);
  }

  /**
   * Starts a script whose waits run on {@code reactor}'s Clock and whose leftovers its
   * dirty-reactor check reports.
   *
   * @param reactor the fake reactor the peer's connection lives on
   * @return an empty script
   */
  public static Builder on(MemoryReactor reactor) {
    return new Builder(Objects.requireNonNull(reactor, "reactor"));
  }

  /**
   * Builds the peer's protocol for its one connection.
   *
   * @param peer the address of the code under test
   * @return the protocol that plays the script
   * @throws IllegalStateException if the peer already played on a connection (one peer per
   *     connection: build another)
   */
  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    Objects.requireNonNull(peer, "peer");
    if (run != null) {
      throw new IllegalStateException(
          this + " already plays its script on a connection; a scripted peer plays once: build"
              + " one peer per connection");
    }
    ScriptRun started = new ScriptRun(this, reactor, steps);
    run = started;
    return started;
  }

  /**
   * Answers {@code attempt} with this peer, at the attempt's destination, with no listening
   * port; the pump cuts what each side reads with the builder's {@link Chunking}.
   *
   * @param attempt a pending recorded attempt
   * @return the pump between the code under test and the peer; nothing has moved yet except
   *     what {@code connectionMade} wrote
   * @throws IllegalStateException if the attempt is not pending or the peer already played
   */
  public Pump answer(ClientAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    return attempt.connectTo(this, Pump.builder().chunking(chunking));
  }

  /**
   * Tells whether the script ran to its end, the code under test deviated nowhere, and every
   * byte it sent was read by the script.
   *
   * @return {@code true} once the peer is done
   */
  public boolean isDone() {
    return run != null && run.problem() == null;
  }

  /**
   * Returns the mismatch that failed the script, if the code under test deviated.
   *
   * @return the error thrown from the peer's callback, or empty
   */
  public Optional<AssertionError> failure() {
    return run == null ? Optional.empty() : Optional.ofNullable(run.failure());
  }

  /**
   * Verifies that the peer is done ({@link #isDone()}).
   *
   * @throws AssertionError the mismatch if the code under test deviated; otherwise one that
   *     names the step the script stopped at, or the bytes it never read, and the fix
   */
  public void verify() {
    AssertionError failed = failure().orElse(null);
    if (failed != null) {
      throw failed;
    }
    String problem = run == null ? notStarted() : run.problem();
    if (problem != null) {
      throw new AssertionError(problem);
    }
  }

  /**
   * Returns the script, one step per line, as the builder calls that made it.
   *
   * @return the steps
   */
  public List<String> script() {
    return steps.stream().map(ScriptStep::describe).toList();
  }

  private List<Leftover> leftovers() {
    if (run != null && run.failure() != null) {
      return List.of(); // reported as the callback error it was thrown as
    }
    String problem = run == null ? notStarted() : run.problem();
    return problem == null
        ? List.of()
        : List.of(new Leftover(Leftover.Kind.SCRIPTED_PEERS, problem, null));
  }

  private String notStarted() {
    return this + " never connected, so its script did not start (step 1 of " + steps.size()
        + ": " + (steps.isEmpty() ? "none" : steps.get(0).describe()) + "). Fix: attach it,"
        + " with reactor.listenTCP(port, peer) and attempt.connectTo(port), or peer.answer("
        + "attempt)";
  }

  String name() {
    return name;
  }

  @Override
  public String toString() {
    return "scripted peer \"" + name + "\"";
  }

  /**
   * A script under construction; each call appends a step. Not thread-safe.
   *
   * <p>Text is encoded as UTF-8. A script may not send after {@link #halfClose()}, and nothing
   * may follow {@link #close()} or {@link #reset()}.
   */
  public static final class Builder {
    private final MemoryReactor reactor;
    private final List<ScriptStep> steps = new ArrayList<>();
    private String name = "scripted peer";
    private Chunking chunking = Chunking.coalesced();
    private boolean outputClosed;
    private boolean ended;

    private Builder(MemoryReactor reactor) {
      this.reactor = reactor;
    }

    /**
     * Names the peer in failure messages. Default {@code "scripted peer"}.
     *
     * @param name not blank
     * @return this builder
     */
    public Builder named(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank: \"" + name + "\"");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets how the code under test reads what the peer sends when the peer answers an attempt
     * itself ({@link ScriptedPeer#answer(ClientAttempt)}). Default {@link Chunking#coalesced()}.
     *
     * @param chunking the policy
     * @return this builder
     */
    public Builder chunking(Chunking chunking) {
      this.chunking = Objects.requireNonNull(chunking, "chunking");
      return this;
    }

    /**
     * Expects exactly {@code bytes} next; the first byte that differs fails the script.
     *
     * @param bytes at least one byte; copied
     * @return this builder
     */
    public Builder expect(byte[] bytes) {
      Objects.requireNonNull(bytes, "bytes");
      if (bytes.length == 0) {
        throw new IllegalArgumentException("bytes must not be empty: an expect step reads at least"
            + " one byte (use expectEnd() for the end of the stream)");
      }
      return add(new ScriptStep.ExpectBytes(bytes.clone()), false);
    }

    /**
     * Expects exactly {@code text}, encoded as UTF-8, next.
     *
     * @param text not empty
     * @return this builder
     */
    public Builder expect(String text) {
      Objects.requireNonNull(text, "text");
      if (text.isEmpty()) {
        throw new IllegalArgumentException("text must not be empty: \"\"");
      }
      return expect(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Expects one line equal to {@code line}, ended by {@code "\r\n"} or {@code "\n"}.
     *
     * @param line the line without its ending; must not contain a line feed
     * @return this builder
     */
    public Builder expectLine(String line) {
      Objects.requireNonNull(line, "line");
      if (line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "line must not contain a line feed: \"" + line.replace("\n", "\\n") + "\"");
      }
      return add(new ScriptStep.ExpectLine(line), false);
    }

    /**
     * Expects the shortest run of bytes for which {@code complete} returns {@code true}: the
     * predicate is given each longer prefix of the unread bytes, each once, until it accepts one
     * (so keep such messages short). While fewer than 64 KiB are unread and none is accepted,
     * the step waits and the dirty-reactor check reports it; past 64 KiB it fails the script,
     * naming {@code description}, so a peer that never ends the message cannot stall the test.
     *
     * @param description what the bytes are, for messages: {@code "the request head"}
     * @param complete tells whether the bytes so far are the whole message
     * @return this builder
     */
    public Builder expectUntil(String description, Predicate<byte[]> complete) {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(complete, "complete");
      return add(new ScriptStep.ExpectUntil(description, complete), false);
    }

    /**
     * Expects the code under test to end its output: close the connection, or half-close it.
     * Bytes that arrive before the end fail the script only if a later step does not read them.
     *
     * @return this builder
     */
    public Builder expectEnd() {
      return add(new ScriptStep.ExpectEnd(), false);
    }

    /**
     * Sends {@code bytes}.
     *
     * @param bytes at least one byte; copied
     * @return this builder
     * @throws IllegalStateException after {@link #halfClose()}
     */
    public Builder send(byte[] bytes) {
      Objects.requireNonNull(bytes, "bytes");
      if (bytes.length == 0) {
        throw new IllegalArgumentException("bytes must not be empty: a send step sends at least"
            + " one byte");
      }
      if (outputClosed) {
        throw new IllegalStateException(
            "cannot send after halfClose(): the peer's output is closed; move the send before it");
      }
      return add(new ScriptStep.Send(bytes.clone()), false);
    }

    /**
     * Sends {@code text} encoded as UTF-8.
     *
     * @param text not empty
     * @return this builder
     */
    public Builder send(String text) {
      Objects.requireNonNull(text, "text");
      if (text.isEmpty()) {
        throw new IllegalArgumentException("text must not be empty: \"\"");
      }
      return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits {@code duration} of the reactor's Clock before the next step.
     *
     * @param duration positive
     * @return this builder
     */
    public Builder waitFor(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive: " + duration);
      }
      return add(new ScriptStep.Wait(duration), false);
    }

    /**
     * Closes the peer's output ({@code loseWriteConnection}); the peer still reads.
     *
     * @return this builder
     */
    public Builder halfClose() {
      if (outputClosed) {
        throw new IllegalStateException("halfClose() was already called; the output is closed");
      }
      add(new ScriptStep.HalfClose(), false);
      outputClosed = true;
      return this;
    }

    /**
     * Closes the connection cleanly after what the peer sent ({@code loseConnection}); the
     * script's last step.
     *
     * @return this builder
     */
    public Builder close() {
      return add(new ScriptStep.Close(), true);
    }

    /**
     * Resets the connection ({@code abortConnection}): what the peer sent that the pump had not
     * yet delivered is discarded, as by a real reset, and the code under test sees a connection
     * lost; the script's last step. To reset after the code under test read what was sent, put
     * a {@link #waitFor(Duration)} or an expect step before it.
     *
     * @return this builder
     */
    public Builder reset() {
      return add(new ScriptStep.Reset(), true);
    }

    /**
     * Appends the steps that play side {@code as} of a recorded session against the code under
     * test, which plays the other side: what {@code as} sent is sent, what the other side sent
     * is expected byte for byte ({@link #expect(byte[])}; one side's bytes in a row are one
     * step, since TCP keeps no message boundaries), {@code as}'s half-close, close and reset
     * are done, and the other side's close or half-close is expected ({@link #expectEnd()}).
     * The steps stop where the recorded connection ended: at {@code as}'s close or reset, or at
     * the other side's close or reset. The recorded timing is left out; see
     * {@link #replayTimed(Recording, Recording.Side)}.
     *
     * @param recording a session recorded with {@link dev.weft.reactor.recording.SessionRecorder}
     *     or written by hand
     * @param as the side the peer plays: {@link Recording.Side#SERVER} to test a client
     * @return this builder
     * @throws IllegalStateException if the recording has {@code as} send after its half-close
     */
    public Builder replay(Recording recording, Recording.Side as) {
      RecordingScript.append(this, Objects.requireNonNull(recording, "recording"),
          Objects.requireNonNull(as, "as"), false);
      return this;
    }

    /**
     * As {@link #replay(Recording, Recording.Side)}, and waits before each of {@code as}'s
     * steps as long as the recording did before it ({@link #waitFor(Duration)}), so a client's
     * timeouts meet the server's recorded slowness on the fake Clock.
     *
     * @param recording a recorded session
     * @param as the side the peer plays
     * @return this builder
     * @throws IllegalStateException if the recording has {@code as} send after its half-close
     */
    public Builder replayTimed(Recording recording, Recording.Side as) {
      RecordingScript.append(this, Objects.requireNonNull(recording, "recording"),
          Objects.requireNonNull(as, "as"), true);
      return this;
    }

    /**
     * Builds the peer and registers it with the reactor's dirty-reactor check.
     *
     * @return the peer
     */
    public ScriptedPeer build() {
      return new ScriptedPeer(this);
    }

    private Builder add(ScriptStep step, boolean last) {
      if (ended) {
        throw new IllegalStateException("cannot add " + step.describe() + " after "
            + steps.get(steps.size() - 1).describe() + ": that step ends the connection and the"
            + " script");
      }
      steps.add(step);
      ended = last;
      return this;
    }
  }
}
