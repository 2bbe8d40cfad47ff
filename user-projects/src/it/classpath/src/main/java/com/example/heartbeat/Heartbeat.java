package com.example.heartbeat;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.DelayedCall;
import dev.weft.reactor.ReactorTime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends "ping" every interval until the peer says "bye". */
public final class Heartbeat extends BaseProtocol {
  private final ReactorTime time;
  private final Duration interval;
  private DelayedCall next;

  public Heartbeat(ReactorTime time, Duration interval) {
    this.time = time;
    this.interval = interval;
  }

  @Override
  public void connectionMade() {
    next = time.callLater(interval, this::ping);
  }

  private void ping() {
    transport().write("ping\n".getBytes(StandardCharsets.US_ASCII));
    next = time.callLater(interval, this::ping);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    if (new String(bytes, StandardCharsets.US_ASCII).contains("bye")) {
      transport().loseConnection();
    }
  }

  @Override
  public void connectionLost(ConnectionEndedException reason) {
    next.cancel();
  }
}
