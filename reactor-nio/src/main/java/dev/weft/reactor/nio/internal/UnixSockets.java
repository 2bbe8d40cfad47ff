package dev.weft.reactor.nio.internal;

import dev.weft.reactor.CannotListenException;
import dev.weft.reactor.ConnectFailedException;
import dev.weft.reactor.ConnectionRefusedException;
import dev.weft.reactor.internal.UnixPaths;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The UNIX-domain rules the TCP machinery needs on top of its own: what to do with a file
 * already at a socket path before listening, when to remove the socket file after, and how the
 * system's errors become Weft's typed ones. The system reports these errors only as messages
 * ({@code strerror} text in a {@link java.net.SocketException}), so they are recognised by that
 * text, as the TCP connector recognises "refused". Loop thread only.
 */
final class UnixSockets {
  /** The file-type bits of {@code st_mode}, and the value for a socket. */
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private UnixSockets() {}

  /**
   * Makes {@code address} ready to listen on: nothing there is fine; a stale socket file (a
   * socket nobody accepts on, left by a process that died or a reactor that crashed) is removed;
   * a live server or a file that is not a socket fails the listen. Removing only what a connect
   * proves dead means a second server never steals a live server's path, and a typo in a path
   * never deletes a user's file.
   *
   * @throws CannotListenException if the path is taken
   */
  static void clearStale(UnixDomainSocketAddress address) {
    Path path = address.getPath();
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket(path)) {
      throw new CannotListenException(
          "cannot listen on " + path + ": a file that is not a socket is in the way; Weft removes"
              + " only stale socket files, so move or delete it");
    }
    SocketChannel probe = null;
    try {
      probe = SocketChannel.open(StandardProtocolFamily.UNIX);
      probe.configureBlocking(false);
      // Connecting to a UNIX socket never waits: it succeeds (a server accepts there), is
      // refused (nobody does) or finds a full accept queue (a busy server).
      probe.connect(address);
    } catch (ConnectException refused) {
      closeQuietly(probe);
      removeStale(path, refused);
      return;
    } catch (IOException e) {
      closeQuietly(probe);
      if (is(e, "no such file")) {
        return; // removed meanwhile: the path is free
      }
      if (is(e, "permission denied")) {
        throw new CannotListenException("cannot listen on " + path + ": permission denied",
            accessDenied(path, e));
      }
      if (!is(e, "temporarily unavailable")) {
        throw new CannotListenException(
            "cannot listen on " + path + ": cannot tell whether the socket file there is in use: "
                + e.getMessage(), e);
      }
    }
    closeQuietly(probe);
    throw UnixPaths.inUse(path);
  }

  private static void removeStale(Path path, ConnectException refused) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      e.addSuppressed(refused);
      throw new CannotListenException(
          "cannot listen on " + path + ": cannot remove the stale socket file there: " + e, e);
    }
  }

  /**
   * Returns the identity of the socket file just created at {@code path}, so that stopping the
   * port removes that file and not one another server created at the same path since.
   */
  static @Nullable Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Removes the socket file of a port that stopped listening, if the file at {@code path} is
   * still the one the port created.
   *
   * @return the failure to report, or {@code null}
   */
  static @Nullable IOException removeSocketFile(Path path, @Nullable Object key) {
    if (key == null || !key.equals(fileKey(path))) {
      return null;
    }
    try {
      Files.deleteIfExists(path);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  /** A listen that the system refused, with the typed reason. */
  static CannotListenException listenFailed(Path path, Exception e) {
    if (is(e, "permission denied")) {
      return new CannotListenException(
          "cannot listen on " + path + ": permission denied", accessDenied(path, e));
    }
    if (is(e, "address already in use")) {
      return new CannotListenException(
          "cannot listen on " + path + ": the path is in use (" + e.getMessage() + ")", e);
    }
    return new CannotListenException("cannot listen on " + path + ": " + e.getMessage(), e);
  }

  /**
   * A connect that failed, typed: refused when nothing listens at the path (no file, or a socket
   * file nobody accepts on), a failure caused by {@link AccessDeniedException} when the socket
   * is not writable by this process, any other failure quoting the system.
   */
  static ConnectFailedException connectFailed(Path path, Exception e) {
    if (e instanceof ConnectException && is(e, "refused") || is(e, "no such file")) {
      return new ConnectionRefusedException(
          "connection to " + path + " refused: " + e.getMessage(), e);
    }
    if (is(e, "permission denied")) {
      return new ConnectFailedException(
          "cannot connect to " + path + ": permission denied", accessDenied(path, e));
    }
    return new ConnectFailedException("cannot connect to " + path + ": " + e, e);
  }

  private static boolean isSocket(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return mode instanceof Integer bits && (bits & S_IFMT) == S_IFSOCK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // No way to tell: never remove what might not be a socket.
      return false;
    }
  }

  private static AccessDeniedException accessDenied(Path path, Exception cause) {
    AccessDeniedException denied =
        new AccessDeniedException(path.toString(), null, cause.getMessage());
    denied.initCause(cause);
    return denied;
  }

  private static boolean is(Exception e, String text) {
    return e instanceof NoSuchFileException && text.equals("no such file")
        || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains(text);
  }

  private static void closeQuietly(@Nullable SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // A probe socket: nothing depends on it closing cleanly.
      }
    }
  }
}
