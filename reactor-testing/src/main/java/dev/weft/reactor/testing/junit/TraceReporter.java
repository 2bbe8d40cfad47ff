package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Clock;
import dev.weft.reactor.testing.net.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Attaches what the networks of a failed test did to its failure: the trace's text (its last
 * {@value #TEXT_EVENTS} events) as a suppressed exception, and the sequence diagram written to
 * {@code <dir>/<test class>/<method>.svg} (with the Mermaid text beside it, {@code .mmd}), whose
 * path the text names. {@code <dir>} is the system property {@value #DIRECTORY_PROPERTY},
 * default {@code target/weft-traces}. The networks are those built on the test's Clock
 * ({@link Network#on(Clock)}); one that recorded nothing is left out.
 */
final class TraceReporter {
  /** The system property naming the directory diagrams are written under. */
  static final String DIRECTORY_PROPERTY = "weft.traces.dir";

  /** How many of the most recent events the attached text shows. */
  static final int TEXT_EVENTS = 200;

  private TraceReporter() {}

  /**
   * Adds the trace of every network on {@code clock} to {@code failure}, as suppressed
   * exceptions, and writes their diagrams.
   */
  static void attach(ExtensionContext context, Clock clock, Throwable failure) {
    List<Network> networks = Network.on(clock);
    int n = 0;
    for (Network network : networks) {
      if (network.trace().recorded() == 0) {
        continue;
      }
      n++;
      Path svg = directory(context).resolve(fileName(context) + (n > 1 ? "-" + n : "") + ".svg");
      String where;
      try {
        Files.createDirectories(svg.getParent());
        Files.writeString(svg, network.trace().toSvg(), StandardCharsets.UTF_8);
        String mmd = svg.getFileName().toString().replaceFirst("\\.svg$", ".mmd");
        Files.writeString(svg.resolveSibling(mmd), network.trace().toMermaid(),
            StandardCharsets.UTF_8);
        where = "sequence diagram: " + svg.toAbsolutePath();
      } catch (IOException | RuntimeException e) {
        where = "the sequence diagram could not be written to " + svg.toAbsolutePath() + ": " + e;
      }
      failure.addSuppressed(new NetworkTrace(
          "What the network did (" + where + ")" + System.lineSeparator()
              + network.trace().render(TEXT_EVENTS)));
    }
  }

  private static Path directory(ExtensionContext context) {
    String base = System.getProperty(DIRECTORY_PROPERTY, "target/weft-traces");
    return Path.of(base).resolve(safe(context.getRequiredTestClass().getName()));
  }

  /** The method's name, with the invocation's number for a repeated or parameterized test. */
  private static String fileName(ExtensionContext context) {
    String name = context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName());
    String id = context.getUniqueId();
    int invocation = id.lastIndexOf("-invocation:#");
    if (invocation >= 0) {
      name += "-" + id.substring(invocation + "-invocation:#".length()).replace("]", "");
    }
    return safe(name);
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._$-]", "_");
  }

  /** The text of a network's trace, attached to a failure; it has no stack trace of its own. */
  static final class NetworkTrace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NetworkTrace(String text) {
      super(text, null, false, false);
    }
  }
}
