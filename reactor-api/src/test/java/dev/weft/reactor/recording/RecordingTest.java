package dev.weft.reactor.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.recording.Recording.Action;
import dev.weft.reactor.recording.Recording.Entry;
import dev.weft.reactor.recording.Recording.Side;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static final Recording SESSION = new Recording(
      List.of("recorded on the server"),
      List.of(
          new Entry(Duration.ZERO, Side.CLIENT, Action.DATA,
              ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
          new Entry(Duration.ofMillis(2), Side.SERVER, Action.DATA,
              ascii("HTTP/1.1 200 OK\r\n\r\n\u00c3\u00a9\"\\\t\u0000")),
          new Entry(Duration.ofNanos(1_250_000), Side.SERVER, Action.CLOSE, new byte[0])));

  @Test
  void theTextFormatIsOneEntryPerLineWithContinuationsAfterEachLineFeed() {
    assertThat(SESSION.format()).isEqualTo("""
        # weft recording 1
        # recorded on the server
        +0ms > "GET / HTTP/1.1\\r\\n"
               "Host: x\\r\\n"
               "\\r\\n"
        +2ms < "HTTP/1.1 200 OK\\r\\n"
               "\\r\\n"
               "\\xc3\\xa9\\"\\\\\\t\\x00"
        +1.25ms < close
        """);
  }

  @Test
  void parsingWhatWasFormattedGivesTheSameRecording() {
    assertThat(Recording.parse(SESSION.format())).isEqualTo(SESSION);
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    Recording binary = new Recording(List.of(), List.of(
        new Entry(Duration.ofNanos(1), Side.SERVER, Action.DATA, all),
        new Entry(Duration.ofSeconds(3), Side.CLIENT, Action.HALF_CLOSE, new byte[0]),
        new Entry(Duration.ZERO, Side.SERVER, Action.RESET, new byte[0])));
    assertThat(Recording.parse(binary.format())).isEqualTo(binary);
    assertThat(binary.format()).contains("+0.000001ms < ").contains("+3000ms > half-close");
  }

  @Test
  void handEditedTextIsRead() {
    Recording edited = Recording.parse("""
        # weft recording 1

        +1.5s > "PING"   \s
           "!"
        # the server thinks
        +20us < "PONG"
        +3ns < reset
        """);

    assertThat(edited.entries()).containsExactly(
        new Entry(Duration.ofMillis(1500), Side.CLIENT, Action.DATA, ascii("PING!")),
        new Entry(Duration.ofNanos(20_000), Side.SERVER, Action.DATA, ascii("PONG")),
        new Entry(Duration.ofNanos(3), Side.SERVER, Action.RESET, new byte[0]));
    assertThat(edited.comments()).containsExactly("the server thinks");
    assertThat(edited.bytesFrom(Side.CLIENT)).isEqualTo(ascii("PING!"));
    assertThat(edited.duration()).isEqualTo(Duration.ofNanos(1_500_020_003L));
  }

  @Test
  void badTextFailsNamingTheLineAndTheFix() {
    assertThatThrownBy(() -> Recording.parse("+1ms > \"x\""))
        .hasMessage("a recording must start with \"# weft recording 1\": line 1 is \"+1ms > \"x\"\"");
    String head = "# weft recording 1\n";
    assertThatThrownBy(() -> Recording.parse(head + "+1 > \"x\""))
        .hasMessageStartingWith("line 2: a delay is a number and a unit");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms = \"x\""))
        .hasMessageStartingWith("line 2: the direction is > (the client sent) or <");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms > hello"))
        .hasMessageStartingWith("line 2: what a side did is a quoted string");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms > \"\\q\""))
        .hasMessageStartingWith("line 2: unknown escape \\q");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms > \"\\x4\""))
        .hasMessageStartingWith("line 2: \\x takes two hex digits");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms > \"a\"b\""))
        .hasMessageStartingWith("line 2: a quote inside the bytes must be escaped");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms > \"\u00e9\""))
        .hasMessageStartingWith("line 2: only printable ASCII may stand for itself");
    assertThatThrownBy(() -> Recording.parse(head + "  \"x\""))
        .hasMessageStartingWith("line 2: bytes that continue no entry");
    assertThatThrownBy(() -> Recording.parse(head + "+1ms > \"\""))
        .hasMessageStartingWith("line 2: the entry sends no bytes");
    assertThatThrownBy(() -> Recording.parse(head + "GET /"))
        .hasMessageStartingWith("line 2: an entry starts with +DELAY");
  }

  @Test
  void entriesCheckTheirBytesAndDelay() {
    assertThatThrownBy(() -> new Entry(Duration.ofMillis(-1), Side.CLIENT, Action.CLOSE,
        new byte[0])).hasMessage("delay must not be negative: PT-0.001S");
    assertThatThrownBy(() -> new Entry(Duration.ZERO, Side.CLIENT, Action.DATA, new byte[0]))
        .hasMessage("data must not be empty for a DATA entry");
    assertThatThrownBy(() -> new Entry(Duration.ZERO, Side.CLIENT, Action.CLOSE, new byte[1]))
        .hasMessage("data must be empty for a CLOSE entry: 1 bytes");
    assertThatThrownBy(() -> new Recording(List.of("a\nb"), List.of()))
        .hasMessage("a comment must be one line: \"a\\nb\"");
  }

  @Test
  void aRecordingIsWrittenAndReadBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("session.weft");
    SESSION.write(file);

    assertThat(Files.readString(file)).isEqualTo(SESSION.format());
    assertThat(Recording.read(file)).isEqualTo(SESSION);
  }
}
