package dev.weft.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.ClientFactory;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.ReactorUNIX;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnixChecksTest {
  private final ProtocolFactory server = peer -> null;
  private final ClientFactory client = ClientFactory.of(() -> null);

  @Test
  void listenUnixReturnsThePathsAddress() {
    assertThat(Checks.listenUnix(Path.of("/tmp/app.sock"), server, 0))
        .isEqualTo(UnixDomainSocketAddress.of("/tmp/app.sock"));
    assertThat(Checks.listenUnix(Path.of("relative.sock"), server, 50).getPath())
        .isEqualTo(Path.of("relative.sock"));
  }

  @Test
  void listenUnixNamesTheBadArgumentAndItsValueInParameterOrder() {
    assertThatThrownBy(() -> Checks.listenUnix(null, null, -1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("path");
    assertThatThrownBy(() -> Checks.listenUnix(Path.of(""), null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must not be empty: \"\"");
    assertThatThrownBy(() -> Checks.listenUnix(Path.of("/tmp/a.sock"), null, -1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
    assertThatThrownBy(() -> Checks.listenUnix(Path.of("/tmp/a.sock"), server, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog must not be negative: -1");
  }

  @Test
  void connectUnixNamesTheBadArgumentAndItsValueInParameterOrder() {
    assertThat(Checks.connectUnix(Path.of("/run/x.sock"), client, Duration.ZERO))
        .isEqualTo(UnixDomainSocketAddress.of("/run/x.sock"));

    assertThatThrownBy(() -> Checks.connectUnix(null, client, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("path");
    assertThatThrownBy(() -> Checks.connectUnix(Path.of("/x"), null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
    assertThatThrownBy(() -> Checks.connectUnix(Path.of("/x"), client, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative: PT-0.001S");
  }

  @Test
  void aPathLongerThanTheSystemLimitIsRejectedWithItsLength() {
    Path longest = Path.of("/" + "a".repeat(ReactorUNIX.MAX_PATH_BYTES - 1));
    Path tooLong = Path.of("/" + "a".repeat(ReactorUNIX.MAX_PATH_BYTES));

    assertThat(Checks.unixPath(longest).getPath()).isEqualTo(longest);
    assertThatThrownBy(() -> Checks.unixPath(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path must be at most 107 bytes")
        .hasMessageContaining("108 bytes, /aaa");
  }
}
