package dev.weft.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's code examples are copies of compiled, passing tests; this keeps them equal. */
class ReadmeTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void readmeHeadlineIsTheCompiledHeadlineExampleTest() throws IOException {
    String test =
        Files.readString(
            ROOT.resolve("samples/src/test/java/dev/weft/samples/http/HeadlineExampleTest.java"));
    String example =
        between(test, "// README: begin headline example\n", "  // README: end headline example");
    String readme = Files.readString(ROOT.resolve("README.md"));
    // Without its trailing newline the last line sets no indentation of its own.
    assertThat(readme).contains(example.stripTrailing().stripIndent().strip());
  }

  @Test
  void readmeDependencySnippetImportsTheBomAtThisBuildsVersion() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String version = between(pom, "<artifactId>weft-parent</artifactId>\n  <version>", "</version>");
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme)
        .contains("<artifactId>weft-bom</artifactId>\n      <version>" + version + "</version>\n"
            + "      <type>pom</type>\n      <scope>import</scope>")
        .contains("<artifactId>reactor-testing</artifactId>\n    <scope>test</scope>")
        .contains("./mvnw install -DskipTests");
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    int to = text.indexOf(end, from);
    assertThat(from).as("start marker in the test source").isNotNegative();
    assertThat(to).as("end marker in the test source").isPositive();
    return text.substring(from + start.length(), to);
  }
}
