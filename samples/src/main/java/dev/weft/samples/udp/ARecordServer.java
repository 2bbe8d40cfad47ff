package dev.weft.samples.udp;

import dev.weft.reactor.udp.BaseDatagramProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * A tiny DNS-style server: answers each A-record query from a fixed table, statelessly, so a
 * repeated or duplicated query gets the same answer again. Malformed datagrams are ignored.
 *
 * <pre>{@code
 * reactor.listenUDP(5353, new ARecordServer(Map.of("weft.dev", InetAddress.getByName("192.0.2.1"))));
 * }</pre>
 */
public final class ARecordServer extends BaseDatagramProtocol {
  private final Map<String, Inet4Address> table;
  private long answered;

  /**
   * Creates a server answering from {@code table}.
   *
   * @param table names to IPv4 addresses; copied
   * @throws IllegalArgumentException if an address is not IPv4 or a name is longer than 255
   */
  public ARecordServer(Map<String, ? extends InetAddress> table) {
    Objects.requireNonNull(table, "table");
    table.forEach((name, address) -> {
      if (!(address instanceof Inet4Address)) {
        throw new IllegalArgumentException("table addresses must be IPv4: " + name + "=" + address);
      }
      if (name.length() > ARecordMessages.MAX_NAME) {
        throw new IllegalArgumentException("names must be at most 255 characters: " + name);
      }
    });
    @SuppressWarnings("unchecked")
    Map<String, Inet4Address> copy = (Map<String, Inet4Address>) (Map<String, ?>) Map.copyOf(table);
    this.table = copy;
  }

  @Override
  public void datagramReceived(ByteBuffer datagram, InetSocketAddress sender) {
    ARecordMessages.Query query = ARecordMessages.parseQuery(datagram);
    if (query == null) {
      return;
    }
    transport().write(ARecordMessages.answer(query.id(), table.get(query.name())), sender);
    answered++;
  }

  /**
   * Counts the queries answered, duplicates included.
   *
   * @return the count
   */
  public long answered() {
    return answered;
  }
}
