package dev.weft.reactor.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.net.ScriptedPeer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dirty-reactor check fails a test whose scripted peer did not play its script to the end,
 * or was sent bytes its script never read, naming the step and the fix.
 */
class ScriptedPeerLeftoverTest {

  /** Writes {@code text} when connected and closes when the peer does. */
  static final class Sender extends BaseProtocol {
    private final String text;

    Sender(String text) {
      this.text = text;
    }

    @Override
    public void connectionMade() {
      transport().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      data.position(data.limit());
    }
  }

  @ExtendWith(ReactorExtension.class)
  static class Scripts {
    private static void play(MemoryReactor reactor, ScriptedPeer peer, String clientSends) {
      reactor.connectTCP("db.test", 5432, ClientFactory.of(() -> new Sender(clientSends)));
      peer.answer(reactor.lastClientAttempt()).flush();
    }

    @Test
    void endsBeforeTheScriptIsConsumed(MemoryReactor reactor) {
      play(reactor, ScriptedPeer.on(reactor).named("db")
          .expect("QUERY").send("ROWS").close().build(), "QUE");
    }

    @Test
    void leavesBytesTheScriptNeverRead(MemoryReactor reactor) {
      play(reactor, ScriptedPeer.on(reactor).named("db")
          .expect("QUERY").close().build(), "QUERY;QUERY");
    }

    @Test
    void playsTheWholeScript(MemoryReactor reactor) {
      play(reactor, ScriptedPeer.on(reactor).expect("QUERY").send("ROWS").close().build(),
          "QUERY");
    }

    @Test
    @AllowLeftovers({Leftover.Kind.SCRIPTED_PEERS, Leftover.Kind.OPEN_CONNECTIONS})
    void allowedByKind(MemoryReactor reactor) {
      endsBeforeTheScriptIsConsumed(reactor);
    }
  }

  @Test
  void theCheckFailsOnlyTheTestsThatLeftAScriptUnfinishedOrBytesUnread() {
    var events = EngineRuns.tests(Scripts.class);

    assertThat(events.succeeded().count()).isEqualTo(2);
    assertThat(events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()
            + " -> " + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage()))
        .hasSize(2)
        .anySatisfy(m -> assertThat(m)
            .startsWith("endsBeforeTheScriptIsConsumed")
            .contains("SCRIPTED_PEERS: scripted peer \"db\" stopped at step 1 of 3 (expect"
                + " \"QUERY\"): still waiting for the code under test; received and not yet"
                + " matched: \"QUE\"")
            .contains("A scripted peer must play its script to the end"))
        .anySatisfy(m -> assertThat(m)
            .startsWith("leavesBytesTheScriptNeverRead")
            .contains("SCRIPTED_PEERS: scripted peer \"db\" received 6 bytes after its script"
                + " ended, which no step read: \";QUERY\"")
            .contains("Fix: add expect steps for them"));
  }
}
