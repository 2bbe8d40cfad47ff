package dev.weft.reactor.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Scenarios about bytes getting across, which every Weft reactor must pass alike, whatever the
 * chunking of reads: gathered writes ({@code writeSequence}) leave their buffers alone and
 * arrive whole and in order, and a bulk transfer ({@link #bulkBytes()}, 64 MiB unless a fake's
 * suite asks for less) arrives intact, checked byte by byte and by CRC-32, with the writer
 * paced by back-pressure and the reader pausing itself now and then. Extend it and implement
 * {@link #createDriver()}.
 *
 * <p>Netty: {@code SocketEchoTest}, {@code SocketGatheringWriteTest}.
 */
public abstract class DataTransferConformanceTest extends ReactorConformanceTest {

  /** Creates the scenarios; subclasses supply the driver. */
  protected DataTransferConformanceTest() {}

  @Test
  void writeSequenceWritesABufferListedThreeTimesThreeTimesAndLeavesItAlone() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    ByteBuffer word = ByteBuffer.wrap(bytes("xabc"));
    word.position(1);

    driver().onReactor(() -> {
      client.link().writeSequence(List.of(word, word, word));
      client.link().write(bytes("!"));
    });
    driver().runUntil(() -> server.received().endsWith("!"), "the marker after the sequence");

    assertThat(server.received()).isEqualTo("abcabcabc!");
    assertThat(word.position()).isEqualTo(1);
    assertThat(word.limit()).isEqualTo(4);
  }

  @Test
  void writeSequenceLargerThanTheSocketTakesArrivesWholeAndInOrder() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    // 1 MB three times, past any socket buffer; a tenth of the bulk size when a fake asks for less.
    String text = "0123456789".repeat((int) Math.min(100_000, bulkBytes() / 100));
    ByteBuffer big = ByteBuffer.wrap(bytes(text));
    ByteBuffer small = ByteBuffer.wrap(bytes("-"));

    driver().onReactor(() -> {
      client.link().writeSequence(List.of(big, small, big, small, big));
      client.link().write(bytes("!"));
    });
    driver().runUntil(() -> server.receivedCount() == 3L * text.length() + 3, "every byte");

    assertThat(server.received()).isEqualTo(text + "-" + text + "-" + text + "!");
    assertThat(big.position()).isZero();
    assertThat(small.position()).isZero();
  }

  @Test
  void writeSequenceTakesEmptyDirectAndReadOnlyBuffersAndSendsWhatRemains() {
    ScenarioProtocol server = ScenarioProtocol.recorder();
    ScenarioProtocol client = ScenarioProtocol.recorder();
    connectPair(server, client, () -> server.isMade() && client.isMade());
    ByteBuffer direct = ByteBuffer.allocateDirect(8);
    direct.put(bytes("direct!!")).flip().limit(6);
    ByteBuffer readOnly = ByteBuffer.wrap(bytes("..read-only")).asReadOnlyBuffer();
    readOnly.position(2);

    driver().onReactor(() -> client.link().writeSequence(
        List.of(ByteBuffer.allocate(0), direct, ByteBuffer.wrap(bytes(" ")), readOnly)));
    driver().runUntil(() -> server.received().endsWith("read-only"), "every buffer arrived");

    assertThat(server.received()).isEqualTo("direct read-only");
    assertThat(direct.position()).isZero();
    assertThat(readOnly.position()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- volume

  @Test
  void aBulkTransferArrivesIntactWithBackPressureAndAPausingReader() {
    long total = bulkBytes();
    List<PatternChecker> servers = new CopyOnWriteArrayList<>();
    ListeningPort port = listen(() -> add(servers, new PatternChecker(reactor())));
    PatternProducer client = PatternProducer.overTcp(total);
    connect(port.host().getPort(), () -> client);

    driver().runUntil(() -> !servers.isEmpty(), "server connected");
    awaitPatternIntact(servers.get(0), client, total);
    if (total > 4 * PatternProducer.BOUND) {
      assertThat(client.pauses()).as("the producer was paused by back-pressure").isPositive();
    }
  }
}
