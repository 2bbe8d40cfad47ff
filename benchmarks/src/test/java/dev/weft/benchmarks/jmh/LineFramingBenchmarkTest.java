package dev.weft.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineFramingBenchmarkTest {

  @ParameterizedTest(name = "reads of {0} bytes")
  @ValueSource(ints = {1 << 20, 65_536, 1})
  void bothSidesCountEveryLineOfTheMebibyteInEveryDelivery(int readSize) {
    LineFramingBenchmark benchmark = new LineFramingBenchmark();
    benchmark.readSize = readSize;
    benchmark.prepare();
    LineFramingBenchmark.Rate rate = new LineFramingBenchmark.Rate();

    long first = benchmark.lineReceiver(rate);
    long second = benchmark.lineReceiver(rate);
    long scanned = benchmark.handScan(rate);

    // 104,857 lines of 10 bytes and one of 6 fill the mebibyte.
    assertThat(scanned).isEqualTo(104_858);
    assertThat(first).isEqualTo(104_858);
    assertThat(second).isEqualTo(2 * 104_858);
    assertThat(rate.megabytes).isCloseTo(3 * 1.048576, Offset.offset(1e-9));
  }
}
