package dev.weft.samples.titles;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the first {@code <title>} of an HTML page in one pass, without regular expressions: the
 * work is linear in the characters scanned, and at most {@link #MAX_SCANNED_CHARS} are scanned,
 * whatever the page holds (a page of unclosed {@code <title>} tags costs one pass, not one pass
 * per tag). Counts its steps so tests can assert on work instead of time. Not thread-safe; use one
 * scanner per page.
 */
final class TitleScanner {
  /** The most characters of a page searched for its title. */
  static final int MAX_SCANNED_CHARS = 1 << 20;
  /** The longest title returned; a longer one is cut to this length. */
  static final int MAX_TITLE_LENGTH = 1024;

  private static final String OPEN = "<title";
  private static final String CLOSE = "</title";
  private static final Map<String, Character> ENTITIES = Map.of(
      "&amp;", '&', "&lt;", '<', "&gt;", '>', "&quot;", '"', "&#39;", '\'');

  private long steps;

  /**
   * Returns the tidied text of the first title element, if the page has one that closes within
   * the scanned characters.
   */
  Optional<String> find(String html) {
    int limit = Math.min(html.length(), MAX_SCANNED_CHARS);
    int open = indexOfTag(html, OPEN, 0, limit);
    if (open < 0) {
      return Optional.empty();
    }
    int startTagEnd = indexOf(html, '>', open + OPEN.length(), limit);
    if (startTagEnd < 0) {
      return Optional.empty();
    }
    int from = startTagEnd + 1;
    int to = closingTag(html, from, limit);
    if (to < 0) {
      return Optional.empty();
    }
    return Optional.of(tidy(html, from, to));
  }

  /** Returns how many characters the scans looked at so far, counting each look once. */
  long steps() {
    return steps;
  }

  // Where the tag starts: "<title" in any case, followed by '>', '/' or white space.
  private int indexOfTag(String html, String tag, int from, int limit) {
    for (int i = from; i + tag.length() < limit; i++) {
      steps++;
      if (html.charAt(i) == '<' && matches(html, i, tag)) {
        char after = html.charAt(i + tag.length());
        if (after == '>' || after == '/' || isWhiteSpace(after)) {
          return i;
        }
      }
    }
    return -1;
  }

  // Where "</title" followed by optional white space and '>' starts, or -1.
  private int closingTag(String html, int from, int limit) {
    int i = from;
    while (i + CLOSE.length() < limit) {
      steps++;
      if (html.charAt(i) != '<' || !matches(html, i, CLOSE)) {
        i++;
        continue;
      }
      int j = i + CLOSE.length();
      while (j < limit && isWhiteSpace(html.charAt(j))) {
        steps++;
        j++;
      }
      if (j < limit && html.charAt(j) == '>') {
        return i;
      }
      i = j; // the white space is not looked at again
    }
    return -1;
  }

  private int indexOf(String html, char c, int from, int limit) {
    for (int i = from; i < limit; i++) {
      steps++;
      if (html.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private boolean matches(String html, int at, String tag) {
    steps += tag.length();
    return html.regionMatches(true, at, tag, 0, tag.length());
  }

  // Collapses white space and decodes &amp; &lt; &gt; &quot; &#39; in one pass, stopping at
  // MAX_TITLE_LENGTH characters of output.
  private String tidy(String html, int from, int to) {
    StringBuilder out = new StringBuilder(Math.min(to - from, MAX_TITLE_LENGTH));
    boolean space = false;
    for (int i = from; i < to && out.length() < MAX_TITLE_LENGTH; i++) {
      steps++;
      char c = html.charAt(i);
      if (isWhiteSpace(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
        if (out.length() == MAX_TITLE_LENGTH) {
          break;
        }
      }
      @Nullable String entity = c == '&' ? entityAt(html, i, to) : null;
      if (entity != null) {
        out.append((char) ENTITIES.get(entity));
        i += entity.length() - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString().strip();
  }

  private static @Nullable String entityAt(String html, int at, int to) {
    for (String entity : ENTITIES.keySet()) {
      if (at + entity.length() <= to && html.startsWith(entity, at)) {
        return entity;
      }
    }
    return null;
  }

  // The white space of the former regular expression's \s.
  private static boolean isWhiteSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }
}
