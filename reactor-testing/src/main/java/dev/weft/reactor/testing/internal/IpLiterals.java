package dev.weft.reactor.testing.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parses IP literals without ever asking the system resolver: fakes must not touch DNS. */
public final class IpLiterals {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  // Hex digits, colons and dots (an embedded IPv4 tail), starting with a hex digit or a colon and
  // with an optional zone: InetAddress.getByName parses exactly those as literals, and would pass
  // anything else, even with a colon, to the system resolver.
  private static final Pattern IPV6 = Pattern.compile("(?=[^%]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");

  private IpLiterals() {}

  /**
   * Parses {@code host} if it is an IPv4 or IPv6 literal (IPv6 optionally in brackets).
   *
   * @param host anything
   * @return the address, or {@code null} if {@code host} is not an IP literal
   */
  public static @Nullable InetAddress parse(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IPV4.matcher(h).matches() && !IPV6.matcher(h).matches()) {
      return null;
    }
    try {
      // Safe: for a dotted quad or a string with ':' the JDK parses and never looks up.
      return InetAddress.getByName(h);
    } catch (UnknownHostException | SecurityException notALiteral) {
      return null;
    }
  }
}
