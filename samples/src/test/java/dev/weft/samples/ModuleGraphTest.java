package dev.weft.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows of DESIGN.md, checked on the compiled module descriptors: the API depends
 * on nothing of ours, nio and testing depend on the API only, and testing never on nio.
 */
class ModuleGraphTest {

  private static ModuleDescriptor descriptor(String className) throws Exception {
    Class<?> anyClass = Class.forName(className);
    Path location = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = open(location)) {
      return ModuleDescriptor.read(in);
    }
  }

  private static InputStream open(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      return Files.newInputStream(location.resolve("module-info.class"));
    }
    var jar = new java.util.jar.JarFile(location.toFile());
    var entry = jar.getJarEntry("module-info.class");
    InputStream in = jar.getInputStream(entry);
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        jar.close();
      }
    };
  }

  private static Set<String> weftRequires(ModuleDescriptor d) {
    return d.requires().stream()
        .map(ModuleDescriptor.Requires::name)
        .filter(n -> n.startsWith("dev.weft"))
        .collect(Collectors.toSet());
  }

  @Test
  void apiDependsOnNoOtherWeftModuleAndOnlyOnTheJdkAtRunTime() throws Exception {
    ModuleDescriptor api = descriptor("dev.weft.reactor.Reactor");
    assertThat(api.name()).isEqualTo("dev.weft.reactor");
    assertThat(weftRequires(api)).isEmpty();
    assertThat(api.requires())
        .filteredOn(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .extracting(ModuleDescriptor.Requires::name)
        .allMatch(n -> n.startsWith("java."));
  }

  @Test
  void theApisSharedRulesAreExportedToEveryModuleSoTestOnlyWeftModulesOnTheClassPathReachThem()
      throws Exception {
    // Qualified to nio and testing, the export would not reach them when a modular user's test
    // run loads them from the class path (IllegalAccessError on every fake). The package stays
    // "not API" by its javadoc and by being left out of the published docs.
    ModuleDescriptor api = descriptor("dev.weft.reactor.Reactor");
    assertThat(api.exports())
        .filteredOn(e -> e.source().contains(".internal"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.source()).isEqualTo("dev.weft.reactor.internal");
              assertThat(e.isQualified()).isFalse();
            });
  }

  @Test
  void nioDependsOnTheApiOnly() throws Exception {
    ModuleDescriptor nio = descriptor("dev.weft.reactor.nio.NioReactor");
    assertThat(weftRequires(nio)).containsExactly("dev.weft.reactor");
  }

  @Test
  void testingDependsOnTheApiAndNeverOnNio() throws Exception {
    ModuleDescriptor testing = descriptor("dev.weft.reactor.testing.Clock");
    assertThat(weftRequires(testing)).containsExactly("dev.weft.reactor");
  }

  @Test
  void testingNeedsTestFrameworksOnlyAtCompileTime() throws Exception {
    ModuleDescriptor testing = descriptor("dev.weft.reactor.testing.Clock");
    assertThat(testing.requires())
        .filteredOn(r -> r.name().startsWith("org.junit") || r.name().startsWith("org.assertj"))
        .isNotEmpty()
        .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC));
  }

  @Test
  void nioAndTestingExportOnlyTheirPublicPackages() throws Exception {
    for (String anyClass :
        List.of("dev.weft.reactor.nio.NioReactor", "dev.weft.reactor.testing.Clock")) {
      assertThat(descriptor(anyClass).exports())
          .extracting(ModuleDescriptor.Exports::source)
          .isNotEmpty()
          .noneMatch(p -> p.contains(".internal"));
    }
  }
}
