package dev.weft.samples.http;

import dev.weft.reactor.BaseProtocolFactory;
import dev.weft.reactor.Protocol;
import dev.weft.reactor.protocols.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A tiny HTTP/1.1 server for the demo and the tests: answers each GET with an HTML page whose
 * {@code <title>} comes from a function of the path, or 404, then closes the connection. Bodies
 * go out with {@code Content-Length}, or with the chunked transfer coding when the server is
 * built with {@code chunked}, so that the client's two body framings are both exercised. Not
 * thread-safe; the reactor calls it on its thread.
 */
public final class PageServer extends BaseProtocolFactory {
  private final Function<String, Optional<String>> titles;
  private final boolean chunked;
  private int served;

  /**
   * Creates a server.
   *
   * @param titles the title of the page at a path (such as {@code /pages/7}), or empty for 404
   * @param chunked whether to send bodies with the chunked transfer coding
   */
  public PageServer(Function<String, Optional<String>> titles, boolean chunked) {
    this.titles = Objects.requireNonNull(titles, "titles");
    this.chunked = chunked;
  }

  /**
   * Returns a server whose pages are {@code /pages/N}, titled {@code Page N}, for N in 1..count.
   *
   * @param count how many pages exist
   * @param chunked whether to send bodies with the chunked transfer coding
   * @return the server, never {@code null}
   */
  public static PageServer numberedPages(int count, boolean chunked) {
    return new PageServer(
        path -> {
          if (!path.matches("/pages/[1-9][0-9]{0,8}")) {
            return Optional.empty();
          }
          int n = Integer.parseInt(path.substring("/pages/".length()));
          return n <= count ? Optional.of("Page " + n) : Optional.empty();
        },
        chunked);
  }

  /**
   * Returns how many requests the server has answered, 404s included.
   *
   * @return the count of responses written
   */
  public int served() {
    return served;
  }

  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    return new Exchange();
  }

  static String page(String title) {
    String escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<!doctype html>\n<html><head><title>" + escaped + "</title></head>\n"
        + "<body><h1>" + escaped + "</h1><p>Served by Weft.</p></body></html>\n";
  }

  /** One request and its response. */
  private final class Exchange extends LineReceiver {
    private String target = "";
    private boolean requestLineSeen;

    @Override
    protected void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.ISO_8859_1);
      if (!requestLineSeen) {
        requestLineSeen = true;
        String[] parts = text.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
          respond(400, "Bad Request", "Bad Request");
        } else if (!parts[0].equals("GET")) {
          respond(405, "Method Not Allowed", "Method Not Allowed");
        } else {
          target = parts[1];
        }
        return;
      }
      if (!text.isEmpty()) {
        return; // headers do not change the answer
      }
      int query = target.indexOf('?');
      String path = query >= 0 ? target.substring(0, query) : target;
      Optional<String> title = titles.apply(path);
      if (title.isPresent()) {
        respond(200, "OK", title.get());
      } else {
        respond(404, "Not Found", "Not Found");
      }
    }

    private void respond(int status, String reason, String title) {
      served++;
      byte[] body = page(title).getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
          + "Content-Type: text/html; charset=utf-8\r\n"
          + "Connection: close\r\n"
          + (chunked ? "Transfer-Encoding: chunked\r\n"
              : "Content-Length: " + body.length + "\r\n")
          + "\r\n";
      out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
      if (chunked) {
        // Two chunks, so the client meets a chunk boundary inside the page.
        int half = body.length / 2;
        chunk(out, body, 0, half);
        chunk(out, body, half, body.length - half);
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.writeBytes(body);
      }
      transport().write(out.toByteArray());
      transport().loseConnection();
    }

    private void chunk(ByteArrayOutputStream out, byte[] body, int from, int length) {
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, from, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }
}
