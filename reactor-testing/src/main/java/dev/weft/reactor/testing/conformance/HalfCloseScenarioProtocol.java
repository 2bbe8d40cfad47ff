package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.HalfCloseableProtocol;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A recording protocol that keeps writing after the peer's half-close: when its read side
 * closes it writes {@code reply} (if any) and closes the connection.
 */
final class HalfCloseScenarioProtocol extends ScenarioProtocol implements HalfCloseableProtocol {
  private final @Nullable String reply;

  HalfCloseScenarioProtocol(@Nullable String reply) {
    super(false, null);
    this.reply = reply;
  }

  @Override
  public void readConnectionLost() {
    events.add("readConnectionLost");
    if (reply != null) {
      link().write(reply.getBytes(StandardCharsets.UTF_8));
      link().loseConnection();
    }
  }

  @Override
  public void writeConnectionLost() {
    events.add("writeConnectionLost");
  }
}
