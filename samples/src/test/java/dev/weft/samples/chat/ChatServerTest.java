package dev.weft.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.protocols.FrameTooLongException;
import dev.weft.reactor.protocols.LineReceiver;
import dev.weft.reactor.testing.CallbackError;
import dev.weft.reactor.testing.net.Chunking;
import dev.weft.reactor.testing.Leftover;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryListeningPort;
import dev.weft.reactor.testing.MemoryReactor;
import dev.weft.reactor.testing.Pump;
import dev.weft.reactor.testing.junit.AllowLeftovers;
import dev.weft.reactor.testing.junit.InjectReactor;
import dev.weft.reactor.testing.junit.WithFakeReactor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@WithFakeReactor
// Members stay connected and the server keeps listening: that is the state each test checks.
@AllowLeftovers({Leftover.Kind.LISTENING_PORTS, Leftover.Kind.OPEN_CONNECTIONS})
class ChatServerTest {
  @InjectReactor private MemoryReactor reactor;
  private final ChatServer chat = new ChatServer();
  private MemoryListeningPort port;

  @BeforeEach
  void listen() {
    port = (MemoryListeningPort) reactor.listenTCP(6667, chat);
  }

  private MemoryConnection join(String name) {
    MemoryConnection c = port.accept();
    assertThat(c.takeWrittenText()).isEqualTo("What is your name?\r\n");
    c.receive(name + "\r\n");
    c.takeWrittenText();
    return c;
  }

  @Test
  void linesGoToEveryOtherMemberWithTheSendersName() {
    MemoryConnection alice = join("alice");
    MemoryConnection bob = join("bob");
    assertThat(alice.takeWrittenText()).isEqualTo("* bob has joined\r\n");

    alice.receive("hi bob\r\nhow are you?\r\n");

    assertThat(bob.takeWrittenText()).isEqualTo("<alice> hi bob\r\n<alice> how are you?\r\n");
    assertThat(alice.takeWrittenText()).isEmpty();
  }

  @Test
  void aNewcomerIsToldWhoIsHere() {
    join("alice");
    MemoryConnection bob = port.accept();
    bob.takeWrittenText();

    bob.receive("bob\r\n");

    assertThat(bob.takeWrittenText()).isEqualTo("Welcome, bob! Here: alice\r\n");
    assertThat(chat.members()).containsExactly("alice", "bob");
  }

  @Test
  void aTakenNameIsRefused() {
    join("alice");
    MemoryConnection second = port.accept();
    second.takeWrittenText();

    second.receive("alice\r\n");

    assertThat(second.takeWrittenText())
        .isEqualTo("The name alice is taken, please choose another.\r\n");
    assertThat(chat.members()).containsExactly("alice");
  }

  @Test
  void leavingIsAnnouncedAndFreesTheName() {
    MemoryConnection alice = join("alice");
    MemoryConnection bob = join("bob");
    alice.takeWrittenText();

    bob.close();

    assertThat(alice.takeWrittenText()).isEqualTo("* bob has left\r\n");
    assertThat(chat.members()).containsExactly("alice");
  }

  @Test
  void aLineWithControlCharactersIsRefusedNotPassedOn() {
    MemoryConnection alice = join("alice");
    MemoryConnection mallory = join("mallory");
    alice.takeWrittenText();

    // A bare LF or CR would let mallory forge a server announcement on a client that ends
    // lines on either; ESC would drive the other members' terminals.
    mallory.receive("hi\n* alice has left\r\nbye\r* bob\r\n\u001b[2J\r\nstill here\r\n");

    assertThat(alice.takeWrittenText()).isEqualTo("<mallory> still here\r\n");
    assertThat(mallory.takeWrittenText()).isEqualTo(
        "Not sent: a line may not hold control characters other than tab.\r\n".repeat(3));
    assertThat(mallory.isOpen()).isTrue();
  }

  @Test
  void aNameWithControlCharactersOrInnerWhiteSpaceIsRefused() {
    MemoryConnection mallory = port.accept();
    mallory.takeWrittenText();

    mallory.receive("alice\u001b[8m\r\nal\tice\r\nal\u00a0ice\r\nalice\r\n");

    assertThat(mallory.takeWrittenText())
        .isEqualTo("A name is one word. What is your name?\r\n".repeat(3)
            + "Welcome, alice! Here: nobody yet\r\n");
    assertThat(chat.members()).containsExactly("alice");
  }

  @Test
  void everyLineTheServerSendsFitsItsOwnLineLimit() {
    // Forty members with the longest names: an uncapped "Here:" list would be 1.4 KiB, and a
    // client holding the server to its own limit would be cut off by its welcome.
    for (int i = 0; i < 40; i++) {
      join(String.format("m%0" + (ChatServer.MAX_NAME_LENGTH - 1) + "d", i));
    }
    MemoryConnection newcomer = port.accept();
    newcomer.takeWrittenText();

    newcomer.receive("newcomer\r\n");

    String welcome = newcomer.takeWrittenText();
    assertThat(welcome).startsWith("Welcome, newcomer! Here: m0").endsWith(" more\r\n");
    assertThat(welcome.length() - 2).isLessThanOrEqualTo(ChatServer.MAX_LINE_LENGTH);
  }

  @Test
  void aNameLongerThanTheMaximumIsRefused() {
    MemoryConnection c = port.accept();
    c.takeWrittenText();

    c.receive("n".repeat(ChatServer.MAX_NAME_LENGTH + 1) + "\r\n"
        + "n".repeat(ChatServer.MAX_NAME_LENGTH) + "\r\n");

    assertThat(c.takeWrittenText()).startsWith(
        "A name is at most 32 bytes (that one has 33). What is your name?\r\nWelcome, nnn");
  }

  @Test
  void aLineTooLongToRelayWithTheSendersNameIsRefused() {
    MemoryConnection alice = join("alice");
    MemoryConnection bob = join("bob");
    alice.takeWrittenText();
    int room = ChatServer.MAX_LINE_LENGTH - "<bob> ".length();

    bob.receive("x".repeat(room) + "\r\n" + "y".repeat(room + 1) + "\r\n");

    assertThat(alice.takeWrittenText()).isEqualTo("<bob> " + "x".repeat(room) + "\r\n");
    assertThat(bob.takeWrittenText()).isEqualTo("Not sent: the line would be 1025 bytes with "
        + "your name, over the limit of 1024 bytes.\r\n");
    assertThat(bob.isOpen()).isTrue();
  }

  @Test
  void anOverlongLineAbortsOnlyThatMember() {
    MemoryConnection alice = join("alice");
    MemoryConnection mallory = join("mallory");
    alice.takeWrittenText();

    mallory.receive("x".repeat(ChatServer.MAX_LINE_LENGTH + 1));

    assertThat(mallory.endReason())
        .isInstanceOf(ConnectionAbortedException.class)
        .hasCauseInstanceOf(FrameTooLongException.class);
    List<CallbackError> errors = reactor.takeCallbackErrors();
    assertThat(errors).singleElement()
        .satisfies(e -> assertThat(e.error()).isInstanceOf(FrameTooLongException.class));
    assertThat(alice.isOpen()).isTrue();
    assertThat(alice.takeWrittenText()).isEqualTo("* mallory has left\r\n");
  }

  @Test
  void aMemberWhoStopsReadingIsDisconnectedAndTheOthersAreTold() {
    MemoryConnection alice = join("alice");
    MemoryConnection bob = join("bob");
    MemoryConnection carol = join("carol");
    alice.takeWrittenText();
    bob.takeWrittenText();
    String line = "y".repeat(1000);

    // Carol never takes what is written to her; Alice and Bob read everything.
    int said = 0;
    while (carol.isOpen() && said < 1000) {
      bob.receive(line + "\r\n");
      said++;
      alice.takeWritten();
      reactor.iterate();
    }

    assertThat(carol.endReason()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(said).as("lines said before carol was cut off").isLessThan(100);
    assertThat(carol.transport().pendingBytes()).as("carol's backlog is dropped").isZero();
    assertThat(chat.members()).containsExactly("alice", "bob");
    assertThat(alice.takeWrittenText()).endsWith("* carol was disconnected (not reading)\r\n");
    assertThat(bob.takeWrittenText()).isEqualTo("* carol was disconnected (not reading)\r\n");
  }

  /** A member played by a protocol, for pumped conversations. */
  static final class Member extends LineReceiver {
    final String name;
    final List<String> script;
    final List<String> heard = new ArrayList<>();

    Member(String name, List<String> script) {
      this.name = name;
      this.script = script;
    }

    @Override
    protected void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.UTF_8);
      heard.add(text);
      if (text.equals("What is your name?")) {
        sendLine(name.getBytes(StandardCharsets.UTF_8));
      } else if (text.startsWith("Welcome")) {
        for (String s : script) {
          sendLine(s.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  static Stream<Chunking> deliveries() {
    return Stream.of(
        Chunking.coalesced(),
        Chunking.oneByte(),
        Chunking.random(11),
        Chunking.random(4242));
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void aPumpedConversationArrivesIntactWhateverTheChunking(Chunking delivery) {
    Member alice = new Member("alice", List.of());
    Member bob = new Member("bob", List.of("héllo, alice", "bye"));
    SocketAddress peer = new InetSocketAddress("127.0.0.1", 50000);
    Pump first = Pump.builder().chunking(delivery).connect(chat.buildProtocol(peer), alice);
    first.flush();
    Pump second = Pump.builder().chunking(delivery).connect(chat.buildProtocol(peer), bob);

    // Bob's lines reach Alice through the server: pump both connections until both are quiet.
    boolean moved = true;
    for (int steps = 0; moved; steps++) {
      assertThat(steps).as("pump steps").isLessThan(100_000);
      moved = first.pump() | second.pump();
    }

    assertThat(alice.heard)
        .containsExactly("What is your name?", "Welcome, alice! Here: nobody yet",
            "* bob has joined", "<bob> héllo, alice", "<bob> bye");
  }
}
