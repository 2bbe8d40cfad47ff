package dev.weft.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulkTransferBenchmarkTest {

  @ParameterizedTest(name = "writes of {0} bytes")
  @ValueSource(ints = {64, 65_536})
  void everyPathDeliversEachMebibyteWholeAndCountsIt(int writeSize) {
    BulkTransferBenchmark benchmark = new BulkTransferBenchmark();
    benchmark.writeSize = writeSize;
    benchmark.connect();
    BulkTransferBenchmark.Rate rate = new BulkTransferBenchmark.Rate();

    assertThat(benchmark.link(rate)).isEqualTo(BulkTransferBenchmark.BYTES_PER_OP);
    assertThat(benchmark.link(rate)).isEqualTo(2L * BulkTransferBenchmark.BYTES_PER_OP);
    assertThat(benchmark.pump(rate)).isEqualTo(BulkTransferBenchmark.BYTES_PER_OP);
    assertThat(benchmark.embeddedChannel(rate)).isEqualTo(BulkTransferBenchmark.BYTES_PER_OP);
    assertThat(rate.gigabytes).isCloseTo(4 * 1.048576e-3, Offset.offset(1e-12));
  }
}
