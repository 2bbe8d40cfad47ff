package dev.weft.reactor.endpoints;

import dev.weft.reactor.ReactorTCP;
import dev.weft.reactor.endpoints.DescriptionParser.Part;
import dev.weft.reactor.internal.IpLiterals;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds endpoints from string descriptions, so a command line or a configuration file can say
 * where to listen or connect. Stateless and thread-safe; the endpoints it returns are used on
 * the reactor thread.
 *
 * <p>A description is a type followed by colon-separated arguments, positional first, then
 * {@code key=value}. A backslash escapes the next character (write {@code \:} for a colon inside
 * a value, as in the IPv6 address {@code interface=\:\:1}). The one type is {@code tcp}:
 *
 * <ul>
 *   <li>server: {@code tcp:PORT[:interface=IP][:backlog=N]}, or {@code port=PORT}; for example
 *       {@code tcp:8080:interface=127.0.0.1};
 *   <li>client: {@code tcp:HOST:PORT[:timeout=SECONDS][:bindAddress=IP]}, or
 *       {@code host=HOST:port=PORT}; for example {@code tcp:host=example.com:port=80:timeout=30}.
 * </ul>
 *
 * <p>A malformed description fails with an {@link EndpointDescriptionException} whose message
 * underlines the bad part.
 *
 * <p>Twisted: {@code endpoints.serverFromString} and {@code endpoints.clientFromString}.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * Builds a server endpoint from a description such as {@code "tcp:8080:interface=127.0.0.1"}.
   *
   * @param tcp the reactor the endpoint listens with
   * @param description the description
   * @return a {@link TcpServerEndpoint}, never {@code null}
   * @throws EndpointDescriptionException if the description is malformed
   */
  public static ServerEndpoint server(ReactorTCP tcp, String description) {
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(description, "description");
    DescriptionParser d = parseTcp(description);
    Map<String, Part> args = named(d, List.of("port"), List.of("port", "interface", "backlog"));
    Part port = args.get("port");
    if (port == null) {
      throw d.missing("missing port; expected for example \"tcp:8080\"");
    }
    Part backlog = args.get("backlog");
    Part networkInterface = args.get("interface");
    return new TcpServerEndpoint(
        tcp,
        port(d, port),
        backlog == null ? ReactorTCP.DEFAULT_BACKLOG : backlog(d, backlog),
        networkInterface == null ? ReactorTCP.ALL_INTERFACES : ipLiteral(d, networkInterface)
            .getHostAddress());
  }

  /**
   * Builds a client endpoint from a description such as
   * {@code "tcp:host=example.com:port=80:timeout=30"}.
   *
   * @param tcp the reactor the endpoint connects with
   * @param description the description
   * @return a {@link TcpClientEndpoint}, never {@code null}
   * @throws EndpointDescriptionException if the description is malformed
   */
  public static ClientEndpoint client(ReactorTCP tcp, String description) {
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(description, "description");
    DescriptionParser d = parseTcp(description);
    Map<String, Part> args =
        named(d, List.of("host", "port"), List.of("host", "port", "timeout", "bindAddress"));
    Part host = args.get("host");
    if (host == null || host.value().isBlank()) {
      throw host == null
          ? d.missing("missing host; expected for example \"tcp:host=example.com:port=80\"")
          : d.error("host must not be empty", host);
    }
    Part port = args.get("port");
    if (port == null) {
      throw d.missing("missing port; expected for example \"tcp:host=example.com:port=80\"");
    }
    Part timeout = args.get("timeout");
    Part bind = args.get("bindAddress");
    @Nullable SocketAddress bindAddress =
        bind == null ? null : new InetSocketAddress(ipLiteral(d, bind), 0);
    return new TcpClientEndpoint(
        tcp,
        host.value(),
        port(d, port),
        timeout == null ? ReactorTCP.DEFAULT_CONNECT_TIMEOUT : seconds(d, timeout),
        bindAddress);
  }

  private static DescriptionParser parseTcp(String description) {
    DescriptionParser d = DescriptionParser.parse(description);
    if (!d.type.value().equals("tcp")) {
      throw d.error("unknown endpoint type \"" + d.type.value() + "\"; supported: tcp", d.type);
    }
    return d;
  }

  /** Merges positional arguments (named in order by {@code positionalNames}) with keywords. */
  private static Map<String, Part> named(
      DescriptionParser d, List<String> positionalNames, List<String> known) {
    if (d.positional.size() > positionalNames.size()) {
      Part extra = d.positional.get(positionalNames.size());
      throw d.error(
          "too many positional arguments: expected at most " + positionalNames.size()
              + " (" + String.join(", ", positionalNames) + ")",
          extra);
    }
    Map<String, Part> args = new LinkedHashMap<>();
    for (int i = 0; i < d.positional.size(); i++) {
      args.put(positionalNames.get(i), d.positional.get(i));
    }
    for (Map.Entry<String, Part> kw : d.keywords.entrySet()) {
      Part value = kw.getValue();
      Part whole = d.keywordSpans.get(kw.getKey());
      if (!known.contains(kw.getKey())) {
        throw d.error(
            "unknown parameter \"" + kw.getKey() + "\"; known: " + String.join(", ", known),
            whole);
      }
      if (args.containsKey(kw.getKey())) {
        throw d.error(
            "parameter \"" + kw.getKey() + "\" is given both by position and by name", whole);
      }
      args.put(kw.getKey(), value);
    }
    return args;
  }

  private static int port(DescriptionParser d, Part part) {
    try {
      int port = Integer.parseInt(part.value());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the same message as an out-of-range number
    }
    throw d.error("port must be an integer in 0..65535: \"" + part.value() + "\"", part);
  }

  private static int backlog(DescriptionParser d, Part part) {
    try {
      int backlog = Integer.parseInt(part.value());
      if (backlog >= 0) {
        return backlog;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw d.error("backlog must be a non-negative integer: \"" + part.value() + "\"", part);
  }

  private static Duration seconds(DescriptionParser d, Part part) {
    try {
      BigDecimal seconds = new BigDecimal(part.value());
      if (seconds.signum() >= 0) {
        return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw d.error(
        "timeout must be a non-negative number of seconds: \"" + part.value() + "\"", part);
  }

  private static InetAddress ipLiteral(DescriptionParser d, Part part) {
    String value = part.value();
    // Only literals, parsed without any lookup: a host name here would need a blocking one.
    InetAddress literal = IpLiterals.parse(value);
    if (literal == null) {
      throw d.error("expected an IP address literal: \"" + value + "\"", part);
    }
    return literal;
  }
}
