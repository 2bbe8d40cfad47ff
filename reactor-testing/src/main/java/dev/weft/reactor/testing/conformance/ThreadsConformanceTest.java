package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about the one thread-safe entry into a reactor, {@code callFromThread}, which every
 * Weft reactor must pass alike. Extend it and implement {@link #createDriver()}.
 *
 * <p>Twisted: {@code twisted.internet.test.test_threads}.
 */
public abstract class ThreadsConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected ThreadsConformanceTest() {}

  @Test
  void callsFromOtherThreadsRunInOrder() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      reactor().callFromThread(() -> ran.add(n));
    }
    driver().runUntil(() -> ran.size() == 100, "all calls ran");

    assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
  }
}
