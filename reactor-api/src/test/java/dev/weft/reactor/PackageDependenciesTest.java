package dev.weft.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of reactor-api, read from the compiled classes' constant pools: the API
 * package {@code dev.weft.reactor} depends on no other package of the module, the internal
 * package may depend on the API (it implements the shared rules behind it) but not on the
 * endpoints or protocols, and no two packages depend on each other.
 */
class PackageDependenciesTest {
  private static final String ROOT = "dev/weft/reactor";
  private static final Pattern CLASS_NAME = Pattern.compile("dev/weft/reactor(?:/[a-z]\\w*)*/[A-Z]");

  /** Package -> the other packages of this module its classes refer to. */
  private static Map<String, Set<String>> graph() throws IOException, Exception {
    Path classes = Path.of(Deferred.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        String from = name.substring(0, name.lastIndexOf('/'));
        Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
        for (String utf8 : utf8Constants(file)) {
          Matcher m = CLASS_NAME.matcher(utf8);
          while (m.find()) {
            String ref = m.group();
            String pkg = ref.substring(0, ref.length() - 2);
            if (!pkg.equals(from)) {
              to.add(pkg);
            }
          }
        }
      }
    }
    return graph;
  }

  /** The UTF-8 entries of a class file's constant pool: names, descriptors, signatures. */
  private static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> strings = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(raw)) {
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF());
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // eight-byte constants take two slots
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
        }
      }
    }
    return strings;
  }

  @Test
  void theApiPackageDependsOnNoOtherPackageOfTheModule() throws Exception {
    assertThat(graph().get(ROOT)).as("packages that %s refers to", ROOT).isEmpty();
  }

  @Test
  void theInternalPackageDependsOnTheApiOnly() throws Exception {
    assertThat(graph().get(ROOT + "/internal")).isSubsetOf(ROOT);
  }

  @Test
  void noTwoPackagesDependOnEachOther() throws Exception {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys(ROOT, ROOT + "/internal", ROOT + "/endpoints");
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      if (reaches(graph, start, start, new TreeSet<>())) {
        cycles.add(start + " -> " + graph.get(start));
      }
    }
    assertThat(cycles).as("packages on a dependency cycle").isEmpty();
  }

  private static boolean reaches(
      Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
    for (String next : graph.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(graph, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
