package dev.weft.reactor.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * The one parser of IP address literals, shared by the endpoint descriptions, the nio reactor
 * and the fakes so that all of them agree on what is an address and what is a host name. It is
 * strict, and it never looks anything up: no DNS, no hosts file, no network interface table.
 *
 * <p>Accepted:
 *
 * <ul>
 *   <li>IPv4 in dotted-quad form: four decimal parts in 0..255, each without leading zeros
 *       ({@code 192.0.2.1}, {@code 0.0.0.0}); {@code 999.1.1.1}, {@code 1.2.3} and {@code 01.2.3.4}
 *       are not literals (the last because C resolvers read a leading zero as octal);
 *   <li>IPv6 in the text forms of RFC 4291 section 2.2: eight groups of one to four hex digits,
 *       one {@code ::} standing for one or more zero groups, and an IPv4 dotted quad as the last
 *       32 bits ({@code 2001:db8::1}, {@code ::}, {@code ::ffff:192.0.2.1}); optionally in
 *       brackets ({@code [::1]}) and with a numeric zone id ({@code fe80::1%2}). {@code g:h},
 *       {@code 1:::2} and {@code [192.0.2.1]} are not literals.
 * </ul>
 *
 * <p>A named zone id ({@code fe80::1%eth0}) is not accepted: only the machine's interface table
 * can turn it into an address, which this parser never consults.
 *
 * <p>Stateless and thread-safe.
 */
public final class IpLiterals {
  private static final int IPV6_GROUPS = 8;

  private IpLiterals() {}

  /**
   * Tells whether {@code text} is an IP literal; see the class comment.
   *
   * @param text anything, never {@code null}
   * @return whether {@link #parse(String)} returns an address
   */
  public static boolean isLiteral(String text) {
    return parse(text) != null;
  }

  /**
   * Parses {@code text} as an IP literal without any lookup.
   *
   * @param text anything, never {@code null}
   * @return the address ({@link java.net.Inet4Address} for IPv4 and IPv4-mapped IPv6, as
   *     {@link InetAddress#getByName} does), or {@code null} if {@code text} is not an IP literal
   */
  public static @Nullable InetAddress parse(String text) {
    if (text.startsWith("[")) {
      if (text.length() < 2 || !text.endsWith("]")) {
        return null;
      }
      // Brackets enclose IPv6 only (RFC 3986 IP-literal).
      return parseIpv6(text.substring(1, text.length() - 1));
    }
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    byte[] ipv4 = new byte[4];
    return parseIpv4(text, ipv4, 0) ? address(ipv4) : null;
  }

  private static @Nullable InetAddress parseIpv6(String text) {
    int percent = text.indexOf('%');
    String body = percent < 0 ? text : text.substring(0, percent);
    int scope = percent < 0 ? -1 : scopeId(text.substring(percent + 1));
    if (percent >= 0 && scope < 0) {
      return null;
    }
    byte[] bytes = ipv6Bytes(body);
    if (bytes == null) {
      return null;
    }
    if (scope < 0) {
      return address(bytes);
    }
    try {
      return Inet6Address.getByAddress(null, bytes, scope);
    } catch (UnknownHostException impossible) {
      throw new AssertionError("16 bytes make an IPv6 address", impossible);
    }
  }

  /** A numeric zone id; -1 for anything else, including a named zone. */
  private static int scopeId(String zone) {
    if (zone.isEmpty() || zone.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < zone.length(); i++) {
      char c = zone.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > Integer.MAX_VALUE ? -1 : (int) value;
  }

  private static byte @Nullable [] ipv6Bytes(String body) {
    int gap = body.indexOf("::");
    if (gap >= 0 && body.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] bytes = new byte[16];
    if (gap < 0) {
      int groups = groups(body, bytes, 0, true);
      return groups == IPV6_GROUPS ? bytes : null;
    }
    String head = body.substring(0, gap);
    String tail = body.substring(gap + 2);
    int headGroups = head.isEmpty() ? 0 : groups(head, bytes, 0, false);
    if (headGroups < 0) {
      return null;
    }
    byte[] tailBytes = new byte[16];
    int tailGroups = tail.isEmpty() ? 0 : groups(tail, tailBytes, 0, true);
    // "::" stands for at least one zero group.
    if (tailGroups < 0 || headGroups + tailGroups > IPV6_GROUPS - 1) {
      return null;
    }
    System.arraycopy(tailBytes, 0, bytes, 16 - 2 * tailGroups, 2 * tailGroups);
    return bytes;
  }

  /**
   * Parses colon-separated groups into {@code out} from group {@code first}; the last part may be
   * a dotted quad (two groups) when {@code ipv4Last}. Returns the number of groups, or -1.
   */
  private static int groups(String part, byte[] out, int first, boolean ipv4Last) {
    int group = first;
    int start = 0;
    while (true) {
      int colon = part.indexOf(':', start);
      int end = colon < 0 ? part.length() : colon;
      if (colon < 0 && ipv4Last && part.indexOf('.', start) >= 0) {
        if (group + 2 > IPV6_GROUPS || !parseIpv4(part.substring(start), out, 2 * group)) {
          return -1;
        }
        return group + 2 - first;
      }
      if (group >= IPV6_GROUPS || !hexGroup(part, start, end, out, 2 * group)) {
        return -1;
      }
      group++;
      if (colon < 0) {
        return group - first;
      }
      start = colon + 1;
    }
  }

  private static boolean hexGroup(String s, int start, int end, byte[] out, int at) {
    int length = end - start;
    if (length < 1 || length > 4) {
      return false;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      int digit = hexDigit(s.charAt(i));
      if (digit < 0) {
        return false;
      }
      value = value << 4 | digit;
    }
    out[at] = (byte) (value >>> 8);
    out[at + 1] = (byte) value;
    return true;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Parses a strict dotted quad into four bytes of {@code out} from {@code at}. */
  private static boolean parseIpv4(String s, byte[] out, int at) {
    int part = 0;
    int start = 0;
    while (part < 4) {
      int dot = s.indexOf('.', start);
      int end = dot < 0 ? s.length() : dot;
      int length = end - start;
      if (length < 1 || length > 3 || (length > 1 && s.charAt(start) == '0')) {
        return false;
      }
      int value = 0;
      for (int i = start; i < end; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return false;
      }
      out[at + part] = (byte) value;
      part++;
      if (dot < 0) {
        return part == 4;
      }
      start = dot + 1;
    }
    return false;
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new AssertionError("4 or 16 bytes make an IP address", impossible);
    }
  }
}
