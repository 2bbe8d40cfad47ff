package dev.weft.samples.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.ConnectionAbortedException;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.ProtocolFactory;
import dev.weft.reactor.Reactor;
import dev.weft.reactor.testing.MemoryConnection;
import dev.weft.reactor.testing.MemoryReactorGroup;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A fake reactor group catches state shared across loops without callFromThread. */
class MemoryReactorGroupTest {

  /** A chat room shared by the factories of every reactor: the cross-loop state. */
  static final class Room {
    final List<Member> members = new CopyOnWriteArrayList<>();
    final boolean handsOver;

    Room(boolean handsOver) {
      this.handsOver = handsOver;
    }
  }

  /** Sends each message it receives to every member of the room. */
  static final class Member extends BaseProtocol {
    private final Room room;
    private final Reactor reactor;

    Member(Room room, Reactor reactor) {
      this.room = room;
      this.reactor = reactor;
    }

    @Override
    public void connectionMade() {
      room.members.add(this);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] message = new byte[data.remaining()];
      data.get(message);
      for (Member member : room.members) {
        if (room.handsOver && member.reactor != reactor) {
          // The fix: the member's own reactor writes to its transport.
          member.reactor.callFromThread(() -> member.transport().write(message));
        } else {
          member.transport().write(message); // the bug, when the member lives on another loop
        }
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      room.members.remove(this);
    }
  }

  @Test
  void aProtocolThatWritesToAnotherLoopsConnectionFailsInTheTest() {
    MemoryReactorGroup group = MemoryReactorGroup.create(2);
    Room room = new Room(false);
    group.listenTCP(0, reactor -> ProtocolFactory.of(() -> new Member(room, reactor)));
    MemoryConnection alice = group.accept();
    MemoryConnection bob = group.accept();
    assertThat(group.reactorOf(alice)).isZero();
    assertThat(group.reactorOf(bob)).isEqualTo(1);

    alice.receive("hi\n");
    group.iterate();

    assertThat(group.callbackErrors()).hasSize(1);
    assertThat(group.callbackErrors().get(0).error())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a protocol of reactor 0")
        .hasMessageContaining("lives on reactor 1")
        .hasMessageContaining("reactor(1).callFromThread(...)");
    assertThat(alice.endReason()).isInstanceOf(ConnectionAbortedException.class);
    assertThat(bob.takeWrittenText()).isEmpty();
    group.reactor(0).takeCallbackErrors();
  }

  @Test
  void handingTheWriteToTheOwningLoopPasses() {
    MemoryReactorGroup group = MemoryReactorGroup.create(2);
    Room room = new Room(true);
    group.listenTCP(0, reactor -> ProtocolFactory.of(() -> new Member(room, reactor)));
    MemoryConnection alice = group.accept();
    MemoryConnection bob = group.accept();
    MemoryConnection carol = group.accept(); // reactor 0 again, with alice

    alice.receive("hi\n");
    assertThat(bob.takeWrittenText()).as("not before bob's reactor takes its turn").isEmpty();
    group.iterate();

    assertThat(group.callbackErrors()).isEmpty();
    assertThat(alice.takeWrittenText()).isEqualTo("hi\n");
    assertThat(carol.takeWrittenText()).isEqualTo("hi\n");
    assertThat(bob.takeWrittenText()).isEqualTo("hi\n");
    assertThat(group.reactor(0).clock()).isSameAs(group.reactor(1).clock());
  }

  @Test
  void misuseFailsLoudly() {
    assertThatThrownBy(() -> MemoryReactorGroup.create(0)).hasMessage("size must be at least 1: 0");
    MemoryReactorGroup group = MemoryReactorGroup.create(1);
    assertThatThrownBy(group::accept).hasMessageContaining("call listenTCP first");
  }
}
