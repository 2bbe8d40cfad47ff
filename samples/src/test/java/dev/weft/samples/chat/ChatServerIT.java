package dev.weft.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ListeningPort;
import dev.weft.reactor.endpoints.TcpClientEndpoint;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.samples.NioHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChatServerIT {

  /** A member that answers the name question and completes when it hears an expected line. */
  static final class Member extends LineReceiver {
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
