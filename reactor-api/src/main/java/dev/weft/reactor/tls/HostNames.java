package dev.weft.reactor.tls;

/** Tells host names from IP literals, for SNI, which may carry only names (RFC 6066). */
final class HostNames {
  private HostNames() {}

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
    }
    return true;
  }
}
