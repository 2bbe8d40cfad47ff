package dev.weft.reactor.nio;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** A {@link System.Logger} that keeps what the reactor reported, for assertions. Thread-safe. */
final class RecordingLogger implements System.Logger {

  /** One report. */
  record Entry(Level level, String message, @Nullable Throwable error) {}

  final List<Entry> entries = new CopyOnWriteArrayList<>();

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, @Nullable ResourceBundle bundle, String msg, @Nullable Throwable thrown) {
    entries.add(new Entry(level, msg, thrown));
  }

  @Override
  public void log(
      Level level, @Nullable ResourceBundle bundle, String format, @Nullable Object @Nullable ... params) {
    String message =
        params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params);
    entries.add(new Entry(level, message, null));
  }

  List<Throwable> errors() {
    return entries.stream().map(Entry::error).filter(e -> e != null).toList();
  }
}
