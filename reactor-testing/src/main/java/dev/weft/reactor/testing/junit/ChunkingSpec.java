package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.net.Chunking;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Reads {@link SimulatedNetwork#chunking()}: the replay expression back into a policy. */
final class ChunkingSpec {
  private static final Pattern PLAIN =
      Pattern.compile("(?:Chunking\\.)?(coalesced|oneByte)(?:\\(\\))?");
  private static final Pattern SIZED =
      Pattern.compile("(?:Chunking\\.)?(fixed|random)\\((-?\\d+)L?\\)");

  private ChunkingSpec() {}

  /** The policy {@code spec} writes, or a configuration error naming the forms it accepts. */
  static Chunking parse(String spec) {
    String s = spec.strip();
    Matcher plain = PLAIN.matcher(s);
    if (plain.matches()) {
      return plain.group(1).equals("coalesced") ? Chunking.coalesced() : Chunking.oneByte();
    }
    Matcher sized = SIZED.matcher(s);
    if (sized.matches()) {
      try {
        long n = Long.parseLong(sized.group(2));
        if (sized.group(1).equals("random")) {
          return Chunking.random(n);
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
          throw invalid(spec, "a fixed size must be in 1.." + Integer.MAX_VALUE);
        }
        return Chunking.fixed((int) n);
      } catch (NumberFormatException e) {
        throw invalid(spec, "the number does not fit a long");
      }
    }
    throw invalid(spec, "it is none of the forms below");
  }

  private static ExtensionConfigurationException invalid(String spec, String why) {
    return new ExtensionConfigurationException(
        "@SimulatedNetwork chunking must be \"Chunking.coalesced()\", \"Chunking.oneByte()\","
            + " \"Chunking.fixed(<size>)\" or \"Chunking.random(<seed>L)\": \"" + spec + "\" ("
            + why + "); for a policy of your own, build the Network and put it in an"
            + " @InjectReactor field");
  }
}
