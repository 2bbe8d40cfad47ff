package dev.weft.reactor.testing.net;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionClosedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.HalfCloseableProtocol;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.internal.Actions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The protocol that plays a {@link ScriptedPeer}'s script on its one connection: steps run as
 * far as they can at {@code connectionMade}, whenever bytes or the end of the stream arrive, and
 * when a wait's delayed call runs.
 */
final class ScriptRun extends BaseProtocol implements HalfCloseableProtocol {
  /** How many bytes the script never read are kept for the report; the rest are only counted. */
  private static final int KEPT_UNREAD = Bytes.WINDOW;

  private final ScriptedPeer peer;
  private final MemoryReactor reactor;
  private final List<ScriptStep> steps;
  private byte[] buffer = new byte[256];
  private int start; // first unread byte in buffer
  private int checked; // unread bytes the current expect step already saw without matching
  private int end; // one past the last received byte in buffer
  private long read; // bytes consumed by expect steps
  private long unreadAfterScript; // bytes no step read, counted once the script ended
  private int index;
  private boolean inputEnded;
  private boolean finished;
  private @Nullable ConnectionEndedException ended;
  private @Nullable DelayedCall waiting;
  private @Nullable AssertionError failure;

  ScriptRun(ScriptedPeer peer, MemoryReactor reactor, List<ScriptStep> steps) {
    this.peer = peer;
    this.reactor = reactor;
    this.steps = steps;
  }

  @Override
  public void connectionMade() {
    advance();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    int n = data.remaining();
    if (failure != null) {
      data.position(data.limit());
      return; // resetting already
    }
    if (finished) {
      keepUnread(data, n);
      return;
    }
    ensureRoom(n);
    data.get(buffer, end, n);
    end += n;
    advance();
  }

  @Override
  public void readConnectionLost() {
    inputEnded = true;
    advance();
    if (failure == null && (finished || steps.get(index) instanceof ScriptStep.Expect)) {
      // Nothing more can arrive: a finished script, or one stuck at an expect, closes as a
      // server whose client went away does; the dirty-reactor check reports the stuck step.
      if (!transport().isDisconnecting()) {
        transport().loseConnection();
      }
    }
  }

  @Override
  public void writeConnectionLost() {
    // The script's own halfClose took effect; reading goes on.
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    if (!inputEnded && reason instanceof ConnectionClosedException) {
      inputEnded = true;
      advance(); // an expectEnd step is satisfied by the clean close
    }
    ended = reason;
    if (waiting != null && waiting.isActive()) {
      waiting.cancel();
    }
    waiting = null;
  }

  /** Runs steps until one must wait for bytes, the end of the stream, or the Clock. */
  private void advance() {
    while (failure == null && ended == null && waiting == null && index < steps.size()) {
      ScriptStep step = steps.get(index);
      if (step instanceof ScriptStep.Expect expect) {
        int consumed;
        try {
          consumed = expect.match(buffer, start, end, read, checked);
        } catch (ScriptStep.Mismatch mismatch) {
          fail(step, mismatch.getMessage());
          return;
        }
        if (consumed < 0) {
          checked = end - start;
          return;
        }
        checked = 0;
        start += consumed;
        read += consumed;
      } else if (step instanceof ScriptStep.ExpectEnd) {
        if (!inputEnded) {
          return;
        }
      } else if (step instanceof ScriptStep.Send send) {
        transport().write(send.bytes());
      } else if (step instanceof ScriptStep.Wait wait) {
        int waitingAt = index;
        waiting = reactor.callLater(wait.duration(), Actions.named(
            () -> peer + " step " + (waitingAt + 1) + ": " + wait.describe(), this::waited));
        return;
      } else if (step instanceof ScriptStep.HalfClose) {
        transport().loseWriteConnection();
      } else if (step instanceof ScriptStep.Close) {
        transport().loseConnection();
      } else if (step instanceof ScriptStep.Reset) {
        transport().abortConnection();
      }
      index++;
    }
    if (index >= steps.size() && !finished) {
      // The script is over: what it did not read stays unread, and so does what follows.
      finished = true;
      unreadAfterScript += end - start;
      end = start + Math.min(end - start, KEPT_UNREAD);
    }
  }

  private void waited() {
    waiting = null;
    index++;
    advance();
  }

  private void fail(ScriptStep step, String detail) {
    String nl = System.lineSeparator();
    AssertionError error = new AssertionError(peer + ": the code under test deviated from the"
        + " script at step " + (index + 1) + " of " + steps.size() + " (" + step.describe() + ")"
        + nl + detail + nl + "Hint: fix the code under test, or the script if it is the one that"
        + " is wrong; the peer reset the connection.");
    failure = error;
    transport().abortConnection();
    throw error;
  }

  private void keepUnread(ByteBuffer data, int n) {
    unreadAfterScript += n;
    int keep = Math.min(n, KEPT_UNREAD - (end - start));
    if (keep > 0) {
      ensureRoom(keep);
      data.get(buffer, end, keep);
      end += keep;
    }
    data.position(data.limit());
  }

  private void ensureRoom(int n) {
    if (start > 0 && end + n > buffer.length) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + n));
    }
  }

  @Nullable AssertionError failure() {
    return failure;
  }

  /** Says why the peer is not done, with the fix, or returns {@code null} if it is. */
  @Nullable String problem() {
    if (failure != null) {
      return failure.getMessage();
    }
    if (!finished) {
      ScriptStep step = steps.get(index);
      String where = peer + " stopped at step " + (index + 1) + " of " + steps.size() + " ("
          + step.describe() + ")";
      String state = ended != null
          ? ": the connection ended first (" + ended + ")"
          : step instanceof ScriptStep.Wait
              ? ": the wait has not ended"
              : step instanceof ScriptStep.Expect && inputEnded
                  ? ": the code under test ended its output first"
                  : ": still waiting for the code under test";
      String received = step instanceof ScriptStep.Expect
          ? "; received and not yet matched: " + Bytes.printable(buffer, start,
              Math.min(end, start + Bytes.WINDOW)) + (end - start > Bytes.WINDOW ? "..." : "")
          : "";
      return where + state + received + ". Fix: pump the connection (pump.flush()), advance the"
          + " Clock past the peer's waits, fix the code under test, or end the script where the"
          + " test ends";
    }
    if (unreadAfterScript > 0) {
      return peer + " received " + unreadAfterScript + " bytes after its script ended, which"
          + " no step read: " + Bytes.printable(buffer, start, end)
          + (unreadAfterScript > end - start ? "..." : "") + ". Fix: add expect steps for them,"
          + " or fix the code under test so it does not send them";
    }
    return null;
  }
}
