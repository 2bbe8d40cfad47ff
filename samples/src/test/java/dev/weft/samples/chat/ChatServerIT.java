package dev.weft.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.samples.NioHarness;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChatServerIT {

  /** A member that answers the name question and completes when it hears an expected line. */
  static class Member extends LineReceiver {
    final String name;
    final List<String> heard = new ArrayList<>();
    final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    final String awaited;
    final CompletableFuture<Void> heardAwaited = new CompletableFuture<>();

    Member(String name, String awaited) {
      this.name = name;
      this.awaited = awaited;
    }

    @Override
    protected void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.UTF_8);
      heard.add(text);
      if (text.equals("What is your name?")) {
        sendLine(name.getBytes(StandardCharsets.UTF_8));
      } else if (text.startsWith("Welcome")) {
        welcomed.complete(null);
      }
      if (text.equals(awaited)) {
        heardAwaited.complete(null);
      }
    }

    void leave() {
      transport().loseConnection();
    }

    void say(String text) {
      sendLine(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Polls {@code condition} until it holds, within the harness's bound. */
  private static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + NioHarness.WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still waiting after " + NioHarness.WAIT + " for: " + what);
      }
      // Polling interval, not synchronisation: the condition decides.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Carol joins from a raw socket and never reads. Bob talks until the server gives up on her:
   * her kernel buffers fill, then the server's buffer for her passes the high-water mark, and
   * she is disconnected instead of being buffered for without bound.
   */
  @Test
  void aMemberWhoNeverReadsIsDisconnected() throws Exception {
    try (NioHarness nio = new NioHarness("chat-stall-it")) {
      ChatServer chat = new ChatServer();
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(0, chat, 50, "127.0.0.1"));
      int p = port.host().getPort();
      AtomicInteger aliceHeardFromBob = new AtomicInteger();
      Member alice = new Member("alice", "* carol was disconnected (not reading)") {
        @Override
        protected void lineReceived(byte[] line) {
          if (line.length > 0 && line[0] == '<') {
            aliceHeardFromBob.incrementAndGet();
          } else {
            super.lineReceived(line);
          }
        }
      };
      Member bob = new Member("bob", "never said");
      nio.call(() -> new TcpClientEndpoint(nio.reactor(), "127.0.0.1", p).connect(peer -> alice));
      NioHarness.await(alice.welcomed);
      nio.call(() -> new TcpClientEndpoint(nio.reactor(), "127.0.0.1", p).connect(peer -> bob));
      NioHarness.await(bob.welcomed);

      try (SocketChannel carol = SocketChannel.open(new InetSocketAddress("127.0.0.1", p))) {
        carol.write(ByteBuffer.wrap("carol\r\n".getBytes(StandardCharsets.UTF_8)));
        waitFor(() -> call(nio, () -> chat.members().contains("carol")), "carol joined");

        String line = "z".repeat(1000);
        int batches = 0;
        while (call(nio, () -> chat.members().contains("carol"))) {
          assertThat(batches).as("1000-line batches said while carol stayed").isLessThan(500);
          nio.run(() -> {
            for (int i = 0; i < 1000; i++) {
              bob.say(line);
            }
            return null;
          });
          int expected = ++batches * 1000;
          // Alice reads: once she has every line, bob's words have all gone out to carol too.
          waitFor(() -> aliceHeardFromBob.get() >= expected || !call(nio,
              () -> chat.members().contains("carol")), "alice heard batch " + batches);
        }
      }
      NioHarness.await(alice.heardAwaited);

      assertThat(nio.run(() -> List.copyOf(chat.members()))).containsExactly("alice", "bob");
    }
  }

  private static boolean call(NioHarness nio, Supplier<Boolean> check) {
    try {
      return nio.run(check);
    } catch (Exception e) {
      throw new AssertionError("the reactor did not answer", e);
    }
  }

  @Test
  void twoMembersChatOverLoopback() throws Exception {
    try (NioHarness nio = new NioHarness("chat-it")) {
      ChatServer chat = new ChatServer();
      ListeningPort port = nio.run(() -> nio.reactor().listenTCP(0, chat, 50, "127.0.0.1"));
      int p = port.host().getPort();
      Member alice = new Member("alice", "<bob> hello alice");
      Member bob = new Member("bob", "* alice has left");

      nio.call(() -> new TcpClientEndpoint(nio.reactor(), "127.0.0.1", p).connect(peer -> alice));
      NioHarness.await(alice.welcomed);
      nio.call(() -> new TcpClientEndpoint(nio.reactor(), "127.0.0.1", p).connect(peer -> bob));
      NioHarness.await(bob.welcomed);
      nio.run(() -> {
        bob.say("hello alice");
        return null;
      });
      NioHarness.await(alice.heardAwaited);
      nio.run(() -> {
        alice.leave();
        return null;
      });
      NioHarness.await(bob.heardAwaited);

      assertThat(nio.run(() -> List.copyOf(chat.members()))).containsExactly("bob");
      assertThat(alice.heard).contains("* bob has joined", "<bob> hello alice");
    }
  }
}
