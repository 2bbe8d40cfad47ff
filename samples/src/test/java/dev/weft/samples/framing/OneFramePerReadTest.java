package dev.weft.samples.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorTime;
import dev.weft.reactor.protocols.LengthPrefixedProtocol;
import dev.weft.reactor.testing.CallbackError;
import dev.weft.reactor.testing.Leftovers;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.net.Host;
import dev.weft.reactor.testing.net.Network;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A headline feed whose frames are a 16-bit length and UTF-8 text, read by two clients: a naive
 * one that takes each {@code dataReceived} to be one frame, and one built on
 * {@link LengthPrefixedProtocol}. The naive one passes while the feed writes one headline at a
 * time; when the feed writes several at once, the default coalescing of the fakes (one read of
 * whatever has arrived, as TCP does) gives it two frames in one read, and the failure names the
 * seed and the chunking that replay the run. The fixed client reads the feed under every chunking.
 */
class OneFramePerReadTest {
  static final List<String> HEADLINES =
      List.of("Weft 1.0 released", "Reads coalesce", "Frames do not");

  /** Frames one headline: its length on two bytes, big-endian, then the text. */
  static byte[] frame(String headline) {
    byte[] text = headline.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + text.length).putShort((short) text.length).put(text).array();
  }

  /**
   * Sends the headlines once connected, each in a write of its own: all at once, or one per
   * second.
   */
  static final class Feed extends BaseProtocol {
    private final @Nullable ReactorTime time;

    private Feed(@Nullable ReactorTime time) {
      this.time = time;
    }

    static Feed allAtOnce() {
      return new Feed(null);
    }

    static Feed onePerSecond(ReactorTime time) {
      return new Feed(time);
    }

    @Override
    public void connectionMade() {
      for (int i = 0; i < HEADLINES.size(); i++) {
        byte[] frame = frame(HEADLINES.get(i));
        if (time == null) {
          transport().write(frame);
        } else {
          time.callLater(Duration.ofSeconds(i), () -> transport().write(frame));
        }
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      // The feed only talks.
    }
  }

  /** What a reader of the feed keeps. */
  interface Reader extends Protocol {
    List<String> headlines();
  }

  /**
   * The naive reader: one read is one frame. It even checks the prefix against the read, which
   * is what makes it look right while each write arrives alone.
   */
  static final class NaiveReader extends BaseProtocol implements Reader {
    private final List<String> headlines = new ArrayList<>();

    @Override
    public void dataReceived(ByteBuffer data) {
      int length = data.getShort() & 0xFFFF;
      if (data.remaining() != length) {
        throw new IllegalStateException("corrupt frame: its prefix says " + length
            + " bytes but the read has " + data.remaining() + " after it");
      }
      byte[] text = new byte[length];
      data.get(text);
      headlines.add(new String(text, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> headlines() {
      return headlines;
    }
  }

  /** The fixed reader: Weft's framing keeps partial frames and splits several in one read. */
  static final class FramedReader extends LengthPrefixedProtocol implements Reader {
    private final List<String> headlines = new ArrayList<>();

    FramedReader() {
      super(Prefix.INT16);
    }

    @Override
    protected void frameReceived(byte[] frame) {
      headlines.add(new String(frame, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> headlines() {
      return headlines;
    }
  }

  /** The feed on one host, a reader on another, 20 ms apart; runs until all is quiet. */
  private static Network readFeed(Network.Builder builder, boolean spaced, Reader reader) {
    Network network = builder.seed(20261202L).latency(Duration.ofMillis(20)).build();
    Host feed = network.host("feed");
    Host client = network.host("reader");
    feed.reactor().listenTCP(7000, ProtocolFactory.of(
        () -> spaced ? Feed.onePerSecond(feed.reactor()) : Feed.allAtOnce()));
    client.reactor().connectTCP("feed", 7000, ClientFactory.of(() -> reader),
        Duration.ofSeconds(5));
    network.runUntilIdle();
    return network;
  }

  @Test
  void theNaiveReaderPassesWhileEachWriteArrivesAlone() {
    NaiveReader reader = new NaiveReader();
    Network network = readFeed(Network.builder(), true, reader);

    assertThat(reader.headlines()).containsExactlyElementsOf(HEADLINES);
    assertThat(network.find("reader").orElseThrow().reactor().callbackErrors()).isEmpty();
  }

  @Test
  void theDefaultCoalescingCatchesTheNaiveReaderAndTheFailureNamesSeedAndChunking() {
    NaiveReader reader = new NaiveReader();
    Network network = readFeed(Network.builder(), false, reader);

    // Three writes at one instant arrive together: one read of three frames.
    assertThat(reader.headlines()).isEmpty();
    Host client = network.find("reader").orElseThrow();
    assertThat(client.reactor().callbackErrors()).singleElement()
        .extracting(CallbackError::context).asString()
        .contains("Network seed 20261202L, Chunking.coalesced()");
    // What the test sees at its end (the JUnit extension runs the same check).
    assertThatThrownBy(() -> Leftovers.assertClean(network.clock()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CALLBACK_ERRORS: dataReceived")
        .hasMessageContaining("link reader -> feed/10.0.0.2:7000")
        .hasMessageContaining("(Network seed 20261202L, Chunking.coalesced())")
        .hasMessageContaining("corrupt frame: its prefix says 17 bytes but the read has 48");
  }

  @Test
  void aPumpCatchesItTooAndNamesTheChunking() {
    NaiveReader reader = new NaiveReader();
    Pump pump = Pump.connect(Feed.allAtOnce(), reader);

    assertThatThrownBy(pump::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("with Chunking.coalesced()")
        .hasMessageContaining("Replay with the same policy")
        .hasMessageContaining("corrupt frame: its prefix says 17 bytes but the read has 48");
    assertThat(reader.headlines()).isEmpty();
  }

  @Test
  void byHandTheReactorsChunkingCutsTheReadAndTheFailureNamesIt() {
    NaiveReader reader = new NaiveReader();
    MemoryReactor reactor = new MemoryReactor().chunking(Chunking.fixed(5));
    reactor.connectTCP("feed", 7000, ClientFactory.of(() -> reader));
    MemoryConnection connection = reactor.lastClientAttempt().connect();

    connection.receive(frame(HEADLINES.get(0)));

    assertThat(reader.headlines()).isEmpty();
    assertThat(reactor.callbackErrors()).singleElement()
        .extracting(CallbackError::context).asString()
        .startsWith("dataReceived of ").endsWith(" with Chunking.fixed(5)");
    assertThatThrownBy(() -> Leftovers.assertClean(reactor))
        .hasMessageContaining("with Chunking.fixed(5)")
        .hasMessageContaining("corrupt frame: its prefix says 17 bytes but the read has 3");
  }

  static Stream<Chunking> everyChunking() {
    return Stream.concat(
        Stream.of(Chunking.coalesced(), Chunking.oneByte(), Chunking.fixed(3)),
        LongStream.rangeClosed(1, 8).mapToObj(Chunking::random));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyChunking")
  void everyChunkingCatchesTheNaiveReaderWhenTheFeedWritesAllAtOnce(Chunking chunking) {
    NaiveReader reader = new NaiveReader();
    Network network = readFeed(Network.builder().chunking(chunking), false, reader);

    assertThat(reader.headlines()).as("%s", network).hasSizeLessThan(HEADLINES.size());
    assertThat(network.find("reader").orElseThrow().reactor().callbackErrors())
        .singleElement().extracting(CallbackError::context).asString()
        .endsWith("(Network seed 20261202L, " + chunking + ")");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyChunking")
  void theFramedReaderReadsTheFeedOverTheNetworkUnderEveryChunking(Chunking chunking) {
    FramedReader reader = new FramedReader();
    Network network = readFeed(Network.builder().chunking(chunking), false, reader);

    assertThat(reader.headlines()).as("%s", network).containsExactlyElementsOf(HEADLINES);
    for (Host host : network.hosts()) {
      assertThat(host.reactor().callbackErrors()).as("%s", network).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyChunking")
  void theFramedReaderReadsTheFeedThroughAPumpUnderEveryChunking(Chunking chunking) {
    FramedReader reader = new FramedReader();
    Pump pump = Pump.builder().chunking(chunking).connect(Feed.allAtOnce(), reader);
    pump.flush();

    assertThat(reader.headlines()).as("%s", pump).containsExactlyElementsOf(HEADLINES);
  }
}
