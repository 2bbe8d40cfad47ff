package dev.weft.reactor.testing.net;

import dev.weft.reactor.recording.Recording;
import dev.weft.reactor.recording.Recording.Action;
import dev.weft.reactor.recording.Recording.Entry;
import dev.weft.reactor.recording.Recording.Side;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Turns one side of a {@link Recording} into script steps: what the played side sent is sent,
 * what the other side (now the code under test) sent is expected. The script stops where the
 * connection ended in the recording: at the played side's close or reset, at the other side's
 * close (after an expect-end step) or reset.
 */
final class RecordingScript {
  private RecordingScript() {}

  static void append(ScriptedPeer.Builder script, Recording recording, Side played,
      boolean timed) {
    List<Entry> entries = recording.entries();
    boolean halfClosed = false;
    boolean endExpected = false;
    int i = 0;
    while (i < entries.size()) {
      Entry e = entries.get(i);
      if (e.action() == Action.DATA) {
        // TCP keeps no message boundaries: one side's bytes in a row are one step, unless a
        // timed replay must wait between them.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(e.data());
        int j = i + 1;
        while (j < entries.size() && entries.get(j).from() == e.from()
            && entries.get(j).action() == Action.DATA
            && !(timed && e.from() == played && !entries.get(j).delay().isZero())) {
          bytes.writeBytes(entries.get(j).data());
          j++;
        }
        if (e.from() == played) {
          waitFor(script, e.delay(), timed);
          script.send(bytes.toByteArray());
        } else {
          script.expect(bytes.toByteArray());
        }
        i = j;
        continue;
      }
      i++;
      if (e.from() == played) {
        waitFor(script, e.delay(), timed);
        switch (e.action()) {
          case HALF_CLOSE -> {
            if (!halfClosed) {
              halfClosed = true;
              script.halfClose();
            }
          }
          case CLOSE -> {
            script.close();
            return;
          }
          default -> {
            script.reset();
            return;
          }
        }
      } else {
        if (e.action() == Action.RESET) {
          return; // A script cannot expect a reset; it ends where the code under test reset.
        }
        if (!endExpected) {
          endExpected = true;
          script.expectEnd();
        }
        if (e.action() == Action.CLOSE) {
          return;
        }
      }
    }
  }

  private static void waitFor(ScriptedPeer.Builder script, Duration delay, boolean timed) {
    if (timed && !delay.isZero()) {
      script.waitFor(delay);
    }
  }
}
