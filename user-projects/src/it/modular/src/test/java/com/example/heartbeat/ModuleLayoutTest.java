package com.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.Reactor;
import dev.weft.reactor.nio.NioReactor;
import dev.weft.reactor.testing.MemoryReactor;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layout this project exists for: this module and Weft's API are named modules, the
 * test-only Weft modules are on the class path. Before the API exported its shared internals to
 * every module, each fake and the nio reactor failed here with IllegalAccessError.
 */
class ModuleLayoutTest {

  @Test
  void theApiIsANamedModuleAndTheTestOnlyWeftModulesAreOnTheClassPath() {
    assertThat(Heartbeat.class.getModule().getName()).isEqualTo("com.example.heartbeat");
    assertThat(Reactor.class.getModule().getName()).isEqualTo("dev.weft.reactor");
    assertThat(MemoryReactor.class.getModule().isNamed()).isFalse();
    assertThat(NioReactor.class.getModule().isNamed()).isFalse();
  }

  @Test
  @Timeout(60)
  void theRealReactorRunsFromTheClassPathToo() {
    NioReactor reactor = NioReactor.create();
    boolean[] ran = {false};
    reactor.callLater(Duration.ofMillis(1), () -> {
      ran[0] = true;
      reactor.stop();
    });

    reactor.run();

    assertThat(ran[0]).isTrue();
  }
}
