package dev.weft.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest: every Java example in {@code docs/testing-guide.md} must be a
 * copy of code in this module's compiled tests (indentation aside), so it cannot rot.
 */
class DocumentationExamplesTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private static String normalized(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void everyJavaExampleInTheTestingGuideIsCopiedFromACompiledTest() throws IOException {
    Path guide = Path.of("..", "docs", "testing-guide.md");
    Path tests = Path.of("src", "test", "java");
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(tests)) {
      for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
        sources.add(normalized(Files.readString(f)));
      }
    }

    Matcher blocks = JAVA_BLOCK.matcher(Files.readString(guide));
    int count = 0;
    while (blocks.find()) {
      String example = normalized(blocks.group(1));
      count++;
      assertThat(sources)
          .as("example %d of %s is not in any test source:%n%s", count, guide, example)
          .anyMatch(source -> source.contains(example));
    }
    assertThat(count).as("java examples in " + guide).isGreaterThanOrEqualTo(3);
  }
}
