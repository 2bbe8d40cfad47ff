package dev.weft.reactor.endpoints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a string endpoint description ({@code type:arg:key=value:...}) into its parts, keeping
 * each part's position so errors can point at it. A backslash escapes the next character, so
 * {@code interface=\:\:1} is the IPv6 address {@code ::1}.
 */
final class DescriptionParser {

  /** One argument: its unescaped text and where its raw text sits in the description. */
  record Part(String value, int offset, int length) {}

  final String description;
  final Part type;
  final List<Part> positional = new ArrayList<>();
  /** Keyword values by key, in the order given. */
  final Map<String, Part> keywords = new LinkedHashMap<>();
  /** The span of each whole {@code key=value}, by key. */
  final Map<String, Part> keywordSpans = new LinkedHashMap<>();

  private DescriptionParser(String description, List<Part> raw) {
    this.description = description;
    this.type = new Part(unescape(raw.get(0).value()), raw.get(0).offset(), raw.get(0).length());
    for (Part part : raw.subList(1, raw.size())) {
      String text = part.value();
      int eq = unescapedEquals(text);
      if (eq < 0) {
        if (!keywords.isEmpty()) {
          throw error("positional argument \"" + unescape(text) + "\" after keyword arguments",
              part);
        }
        positional.add(new Part(unescape(text), part.offset(), part.length()));
        continue;
      }
      String key = unescape(text.substring(0, eq));
      if (keywords.containsKey(key)) {
        throw error("parameter \"" + key + "\" is given twice", part);
      }
      keywordSpans.put(key, part);
      keywords.put(
          key,
          new Part(
              unescape(text.substring(eq + 1)), part.offset() + eq + 1, part.length() - eq - 1));
    }
  }

  static DescriptionParser parse(String description) {
    if (description.isBlank()) {
      throw new EndpointDescriptionException(
          "description is empty; expected for example \"tcp:8080\"", description, 0,
          description.length());
    }
    // Parts keep their escapes here, so their text maps one to one onto the description.
    List<Part> raw = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c == '\\') {
        if (i + 1 == description.length()) {
          throw new EndpointDescriptionException(
              "backslash at the end escapes nothing", description, i, 1);
        }
        i++;
      } else if (c == ':') {
        raw.add(new Part(description.substring(start, i), start, i - start));
        start = i + 1;
      }
    }
    raw.add(new Part(description.substring(start), start, description.length() - start));
    return new DescriptionParser(description, raw);
  }

  private static int unescapedEquals(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '=') {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        c = raw.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  EndpointDescriptionException error(String problem, Part part) {
    return new EndpointDescriptionException(problem, description, part.offset(), part.length());
  }

  EndpointDescriptionException missing(String problem) {
    return new EndpointDescriptionException(problem, description, description.length(), 0);
  }
}
