package com.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The project's own JUnit runs, whatever reactor-testing was compiled against. */
class JUnitVersionTest {

  @Test
  void theJUnitOnTheClassPathIsTheOneThisProjectAskedFor() {
    assertThat(Test.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("expected.junit.version"));
  }
}
