package dev.weft.samples.chat;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.ConnectionEndedException;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.protocols.LineReceiver;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A line-based chat server: a member's first line is their name, every later line is sent to
 * every other member as {@code <name> text}, and arrivals and departures are announced. Lines are
 * UTF-8 text ended by {@code \r\n}, at most {@link #MAX_LINE_LENGTH} bytes. Not thread-safe; the
 * reactor calls it on its thread.
 *
 * <p><b>No member speaks for the server.</b> A line holding a control character other than tab
 * (a bare CR or LF, ESC, NUL, DEL, C1 controls) is not passed on; its sender is told
 * {@code Not sent: ...} and stays connected. Otherwise a member could forge a
 * {@code * ... has left} announcement on a client that also ends lines on a bare LF, or drive
 * the others' terminals with escape sequences. A name is one word: no white space and no
 * control characters, at most {@link #MAX_NAME_LENGTH} bytes.
 *
 * <p><b>Every line the server sends fits {@link #MAX_LINE_LENGTH} too</b>, so a client may hold
 * the server to the limit it holds clients to: a line that would be longer once prefixed with
 * its sender's name is refused with {@code Not sent: ...}, and the list of members in a welcome
 * ends with {@code and N more} where the line would overflow. Otherwise one member with a long
 * line, or enough members with long names, could have every other member's client cut off.
 *
 * <p><b>A member who stops reading is disconnected.</b> Every line said is written to every
 * other member, so one member who never reads would make the server buffer the whole
 * conversation for them (58 MiB were seen). When a member's transport stops being
 * {@linkplain dev.weft.reactor.Transport#isWritable() writable} (more than its high-water mark
 * is waiting, on top of what the socket buffers hold), the server aborts that member's
 * connection and tells the others {@code * <name> was disconnected (not reading)}. In
 * production, also set the reactor's write buffer limit as a backstop for protocols that do not
 * watch writability.
 *
 * <p>Twisted: the {@code Chat} example of the Twisted tutorial.
 */
public final class ChatServer extends BaseProtocolFactory {
  /** The longest line accepted; a longer one ends that member's connection. */
  public static final int MAX_LINE_LENGTH = 1024;

  /** The longest name accepted, in bytes of UTF-8. */
  public static final int MAX_NAME_LENGTH = 32;

  private final Map<String, Member> members = new LinkedHashMap<>();

  /** Creates a server with no members. */
  public ChatServer() {}

  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    return new Member();
  }

  /**
   * Returns the names of the members who have chosen one, in order of arrival.
   *
   * @return an unmodifiable view, never {@code null}
   */
  public Set<String> members() {
    return Collections.unmodifiableSet(members.keySet());
  }

  private void broadcast(Member from, String line) {
    for (Member m : new ArrayList<>(members.values())) {
      if (m != from) {
        m.send(line);
      }
    }
  }

  /** One connected member. */
  private final class Member extends LineReceiver {
    private String name = "";
    private boolean notReading;

    Member() {
      super(CRLF, MAX_LINE_LENGTH);
    }

    @Override
    public void connectionMade() {
      send("What is your name?");
    }

    @Override
    protected void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.UTF_8);
      if (!name.isEmpty()) {
        String relayed = "<" + name + "> " + text;
        // Counted once encoded: an invalid byte the peer sent comes back as three.
        int length = utf8Length(relayed);
        if (text.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
          send("Not sent: a line may not hold control characters other than tab.");
        } else if (length > MAX_LINE_LENGTH) {
          send("Not sent: the line would be " + length + " bytes with your name, over the limit "
              + "of " + MAX_LINE_LENGTH + " bytes.");
        } else {
          broadcast(this, relayed);
        }
        return;
      }
      String wanted = text.strip();
      if (!isOneWord(wanted)) {
        send("A name is one word. What is your name?");
      } else if (utf8Length(wanted) > MAX_NAME_LENGTH) {
        send("A name is at most " + MAX_NAME_LENGTH + " bytes (that one has "
            + utf8Length(wanted) + "). What is your name?");
      } else if (members.containsKey(wanted)) {
        send("The name " + wanted + " is taken, please choose another.");
      } else {
        name = wanted;
        List<String> others = new ArrayList<>(members.keySet());
        members.put(name, this);
        send(welcome(others));
        broadcast(this, "* " + name + " has joined");
      }
    }

    // The names that fit in one line, then "and N more" for the rest.
    private String welcome(List<String> others) {
      StringBuilder line = new StringBuilder("Welcome, " + name + "! Here: ");
      if (others.isEmpty()) {
        return line.append("nobody yet").toString();
      }
      int bytes = utf8Length(line.toString());
      // Room for the largest " and N more", kept until the last name.
      int reserve = (" and " + others.size() + " more").length();
      for (int i = 0; i < others.size(); i++) {
        String item = (i == 0 ? "" : ", ") + others.get(i);
        int limit = MAX_LINE_LENGTH - (i == others.size() - 1 ? 0 : reserve);
        if (bytes + utf8Length(item) > limit) {
          return line.append(" and ").append(others.size() - i).append(" more").toString();
        }
        line.append(item);
        bytes += utf8Length(item);
      }
      return line.toString();
    }

    private static int utf8Length(String s) {
      return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isOneWord(String name) {
      return !name.isEmpty() && name.codePoints().noneMatch(c ->
          Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c));
    }

    /** Too much waits for this member: they stopped reading. Reported on a later turn. */
    @Override
    public void writabilityChanged(boolean writable) {
      if (!writable && !notReading) {
        notReading = true;
        // loseConnection would wait for bytes that will never drain: abort discards them.
        transport().abortConnection();
      }
    }

    @Override
    public void connectionLost(ConnectionEndedException reason) {
      if (!name.isEmpty() && members.get(name) == this) {
        members.remove(name);
        broadcast(this, "* " + name + (notReading ? " was disconnected (not reading)" : " has left"));
      }
    }

    void send(String text) {
      if (!transport().isDisconnecting()) {
        sendLine(text.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
