package dev.weft.samples.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.endpoints.Endpoints;
import dev.weft.reactor.endpoints.HostnameEndpoint;
import dev.weft.samples.NioHarness;
import dev.weft.samples.echo.Echo;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class EndpointsIT {

  @Test
  void theHostnameEndpointFindsTheLoopbackAddressThatListens() throws Exception {
    try (NioHarness nio = new NioHarness("hostname-it")) {
      // Only IPv4 loopback listens: if "localhost" resolves to ::1 first, that attempt is
      // refused and the endpoint moves on to 127.0.0.1.
      ListeningPort port = nio.call(() ->
          Endpoints.server(nio.reactor(), "tcp:0:interface=127.0.0.1").listen(Echo.factory()));

      Protocol connected = nio.call(() ->
          HostnameEndpoint.builder(nio.reactor(), "localhost", port.host().getPort()).build()
              .connect(Echo.factory()));

      assertThat(connected).isInstanceOf(Echo.class);
    }
  }

  @Test
  void aPortInUseFailsTheServerEndpoint() throws Exception {
    try (NioHarness nio = new NioHarness("in-use-it")) {
      ListeningPort first = nio.call(() ->
          Endpoints.server(nio.reactor(), "tcp:0:interface=127.0.0.1").listen(Echo.factory()));

      assertThatThrownBy(() -> nio.call(() -> Endpoints.server(nio.reactor(),
              "tcp:" + first.host().getPort() + ":interface=127.0.0.1").listen(Echo.factory())))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(CannotListenException.class);
    }
  }
}
