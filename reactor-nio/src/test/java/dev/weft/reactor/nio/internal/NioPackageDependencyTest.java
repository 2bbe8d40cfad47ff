package dev.weft.reactor.nio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public nio package builds on the internal one, never the reverse: checked on the constant
 * pools of the compiled classes, which name every class a class uses.
 */
class NioPackageDependencyTest {
  private static final String INTERNAL = "dev/weft/reactor/nio/internal/";
  private static final Pattern PUBLIC_NIO_CLASS =
      Pattern.compile("dev/weft/reactor/nio/(?!internal/)[A-Za-z0-9_$]+");

  @Test
  void theInternalPackageNeverUsesThePublicNioPackage() throws Exception {
    List<String> offenders = new ArrayList<>();
    TreeSet<String> checked = new TreeSet<>();
    for (ClassFile file : internalClassFiles()) {
      checked.add(file.name());
      Matcher m = PUBLIC_NIO_CLASS.matcher(new String(file.bytes(), StandardCharsets.ISO_8859_1));
      while (m.find()) {
        offenders.add(file.name() + " uses " + m.group());
      }
    }

    assertThat(checked).contains(INTERNAL + "EventLoop.class", INTERNAL + "Lifecycle.class");
    assertThat(offenders).isEmpty();
  }

  private record ClassFile(String name, byte[] bytes) {}

  private static List<ClassFile> internalClassFiles() throws IOException, URISyntaxException {
    Path location =
        Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<ClassFile> files = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> paths = Files.walk(location.resolve(INTERNAL))) {
        paths
            .filter(p -> p.toString().endsWith(".class"))
            .forEach(p -> files.add(new ClassFile(
                location.relativize(p).toString().replace('\\', '/'), read(p))));
      }
      return files;
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(INTERNAL) && entry.getName().endsWith(".class")) {
          files.add(new ClassFile(entry.getName(), jar.getInputStream(entry).readAllBytes()));
        }
      }
    }
    return files;
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
