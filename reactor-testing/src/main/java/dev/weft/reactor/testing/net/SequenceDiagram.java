package dev.weft.reactor.testing.net;

import dev.weft.reactor.testing.net.Trace.Event;
import dev.weft.reactor.testing.net.Trace.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Trace} drawn as a sequence diagram: one lifeline per host, one row per event, an arrow
 * from sender to receiver labelled with the fake time, a box on the lifeline for an event on one
 * host. Written by hand as SVG (and Mermaid) text, with the JDK only.
 *
 * <p>Bounded, so a picture of a long run stays one a person can read: at most
 * {@value #MAX_ROWS} rows, the most recent events (a note at the top says how many earlier ones
 * are elided), and at most {@value #MAX_LIFELINES} lifelines, in order of first appearance; hosts
 * beyond that share a last lifeline named {@code "other hosts (n)"}.
 *
 * <p>Each event is an SVG group {@code <g class="event" data-number data-kind data-from data-to
 * data-at-nanos>} whose {@code <title>} is the event's text line (a tooltip in browsers), and each
 * lifeline a group {@code <g class="lifeline" data-host>}, so tools and tests can read the
 * picture back.
 */
final class SequenceDiagram {
  /** The most rows drawn. */
  static final int MAX_ROWS = 400;
  /** The most lifelines drawn; the last one gathers the remaining hosts when there are more. */
  static final int MAX_LIFELINES = 40;
  /** How many characters of an event's label are drawn. */
  static final int LABEL = 64;

  private static final int LEFT = 96;
  private static final int COLUMN = 150;
  private static final int TOP = 84;
  private static final int ROW = 26;
  private static final String OTHERS = "other hosts";

  private final String title;
  private final List<Event> rows;
  private final long elided;
  private final Map<String, Integer> columns = new LinkedHashMap<>();
  private final List<String> lifelines = new ArrayList<>();
  private int othersCount;

  private SequenceDiagram(Trace trace) {
    this.title = trace.header();
    List<Event> kept = trace.kept();
    int skip = Math.max(0, kept.size() - MAX_ROWS);
    this.rows = kept.subList(skip, kept.size());
    this.elided = trace.dropped() + skip;
    List<String> hosts = new ArrayList<>();
    for (Event e : rows) {
      for (String h : new String[] {e.from(), e.to()}) {
        if (h != null && !h.equals("*") && !hosts.contains(h)) {
          hosts.add(h);
        }
      }
    }
    boolean gather = hosts.size() > MAX_LIFELINES;
    int own = gather ? MAX_LIFELINES - 1 : hosts.size();
    for (int i = 0; i < hosts.size(); i++) {
      if (i < own) {
        columns.put(hosts.get(i), i);
        lifelines.add(hosts.get(i));
      } else {
        columns.put(hosts.get(i), own);
        othersCount++;
      }
    }
    if (gather) {
      lifelines.add(OTHERS + " (" + othersCount + ")");
    }
  }

  static SequenceDiagram of(Trace trace) {
    return new SequenceDiagram(trace);
  }

  private int x(String host) {
    return LEFT + columns.get(host) * COLUMN + COLUMN / 2;
  }

  String svg() {
    // Room on the right for the label of an arrow that starts at the last lifeline.
    int width = LEFT + Math.max(1, lifelines.size()) * COLUMN + LABEL * 7;
    int height = TOP + (rows.size() + 1) * ROW + 40;
    StringBuilder out = new StringBuilder(4096 + rows.size() * 400);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"context-stroke\"/></marker></defs>\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(out, 8, 18, "title", "font-size=\"13\" font-weight=\"bold\"", title);
    if (elided > 0) {
      text(out, 8, 36, "elided", "fill=\"#a00\"",
          "... " + elided + " earlier events elided; the last " + rows.size() + " are shown");
    }
    if (othersCount > 0) {
      text(out, 8, 52, "elided", "fill=\"#a00\"", othersCount + " hosts share the last lifeline"
          + " (more than " + MAX_LIFELINES + " hosts)");
    }
    int bottom = TOP + (rows.size() + 1) * ROW;
    for (int i = 0; i < lifelines.size(); i++) {
      String name = lifelines.get(i);
      int cx = LEFT + i * COLUMN + COLUMN / 2;
      out.append("<g class=\"lifeline\" data-host=\"").append(xml(name)).append("\">")
          .append("<rect x=\"").append(cx - COLUMN / 2 + 6).append("\" y=\"").append(TOP - 22)
          .append("\" width=\"").append(COLUMN - 12).append("\" height=\"20\" fill=\"#eef\""
              + " stroke=\"#447\"/>")
          .append("<text x=\"").append(cx).append("\" y=\"").append(TOP - 8)
          .append("\" text-anchor=\"middle\">").append(xml(cut(name, 20))).append("</text>")
          .append("<line x1=\"").append(cx).append("\" y1=\"").append(TOP - 2).append("\" x2=\"")
          .append(cx).append("\" y2=\"").append(bottom).append("\" stroke=\"#99a\""
              + " stroke-dasharray=\"4 3\"/></g>\n");
    }
    for (int i = 0; i < rows.size(); i++) {
      row(out, rows.get(i), TOP + (i + 1) * ROW);
    }
    return out.append("</svg>\n").toString();
  }

  private void row(StringBuilder out, Event e, int y) {
    String colour = colour(e.kind());
    out.append("<g class=\"event\" data-number=\"").append(e.number())
        .append("\" data-kind=\"").append(e.kind()).append("\" data-from=\"").append(xml(e.from()))
        .append("\" data-to=\"").append(e.to() == null ? "" : xml(e.to()))
        .append("\" data-at-nanos=\"").append(e.at().toNanos()).append("\">")
        .append("<title>").append(xml(e.toString().strip())).append("</title>");
    text(out, 8, y, null, "fill=\"#555\"", Trace.millis(e.at()));
    String label = cut(label(e), LABEL);
    if (e.from().equals("*")) {
      text(out, LEFT, y, null, "fill=\"" + colour + "\"", e.kind() + " " + e.detail());
    } else if (e.to() == null || x(e.from()) == x(e.to())) {
      int cx = x(e.from());
      if (e.to() == null) {
        out.append("<rect x=\"").append(cx - 5).append("\" y=\"").append(y - 9)
            .append("\" width=\"10\" height=\"10\" fill=\"").append(colour).append("\"/>");
      } else {
        out.append("<path d=\"M ").append(cx).append(' ').append(y - 8).append(" h 24 v 8 h -24\""
            + " fill=\"none\" stroke=\"").append(colour).append("\" marker-end=\"url(#arrow)\"/>");
      }
      text(out, cx + 30, y, null, "fill=\"" + colour + "\"", label);
    } else {
      int x1 = x(e.from());
      int x2 = x(e.to());
      String dash = e.kind() == Kind.PARTITION || e.kind() == Kind.HEAL
          || e.kind() == Kind.HOLD || e.kind() == Kind.RELEASE ? " stroke-dasharray=\"6 3\"" : "";
      out.append("<line x1=\"").append(x1).append("\" y1=\"").append(y).append("\" x2=\"")
          .append(x2).append("\" y2=\"").append(y).append("\" stroke=\"").append(colour)
          .append('"').append(dash).append(" marker-end=\"url(#arrow)\"/>");
      int lx = Math.min(x1, x2) + 6;
      text(out, lx, y - 4, null, "fill=\"" + colour + "\"", label);
    }
    out.append("</g>\n");
  }

  private static String label(Event e) {
    StringBuilder s = new StringBuilder();
    if (e.connection() > 0) {
      s.append('#').append(e.connection()).append(' ');
    }
    s.append(e.kind());
    if (e.kind() == Kind.DATA) {
      s.append(' ').append(e.bytes()).append('B');
    }
    if (!e.detail().isEmpty()) {
      s.append(' ').append(e.detail());
    }
    return s.toString();
  }

  private static String colour(Kind kind) {
    return switch (kind) {
      case DATA, DATAGRAM -> "#000";
      case CONNECT, CONNECTED -> "#1a5fb4";
      case CLOSE, HALF_CLOSE -> "#666";
      case REFUSED, TIMED_OUT, CANCELLED, FAILED, RESET, LOST, LINK_TIMEOUT, CRASH -> "#c01c28";
      case FAULT -> "#e66100";
      case PARTITION, HEAL -> "#813d9c";
      case HOLD, RELEASE, RESTART -> "#26a269";
    };
  }

  private static void text(StringBuilder out, int x, int y, @Nullable String cls, String attrs,
      String content) {
    out.append("<text x=\"").append(x).append("\" y=\"").append(y).append('"');
    if (cls != null) {
      out.append(" class=\"").append(cls).append('"');
    }
    out.append(' ').append(attrs).append('>').append(xml(content)).append("</text>");
    if (cls != null) {
      out.append('\n');
    }
  }

  String mermaid() {
    StringBuilder out = new StringBuilder("sequenceDiagram\n");
    out.append("  %% ").append(mermaidText(title)).append('\n');
    if (elided > 0) {
      out.append("  %% ").append(elided).append(" earlier events elided\n");
    }
    for (int i = 0; i < lifelines.size(); i++) {
      out.append("  participant p").append(i).append(" as ")
          .append(mermaidText(lifelines.get(i))).append('\n');
    }
    for (Event e : rows) {
      String label = mermaidText(Trace.millis(e.at()) + " " + cut(label(e), LABEL));
      if (e.from().equals("*")) {
        if (!lifelines.isEmpty()) {
          out.append("  Note over p0,p").append(lifelines.size() - 1).append(": ").append(label)
              .append('\n');
        }
      } else if (e.to() == null) {
        out.append("  Note over p").append(columns.get(e.from())).append(": ").append(label)
            .append('\n');
      } else {
        String arrow = e.kind() == Kind.DATA || e.kind() == Kind.CONNECT ? "->>" : "--)";
        out.append("  p").append(columns.get(e.from())).append(arrow).append('p')
            .append(columns.get(e.to())).append(": ").append(label).append('\n');
      }
    }
    return out.toString();
  }

  /** Mermaid reads {@code ;} and {@code #} in labels as syntax, and a line end ends a label. */
  private static String mermaidText(String s) {
    return s.replace(";", ",").replace("#", "conn ").replace("\n", " ");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  /** Escapes text for XML; characters XML 1.0 cannot hold become {@code ?}. */
  static String xml(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c < 0x20 && c != '\t' || c == 0xfffe || c == 0xffff ? '?' : c);
      }
    }
    return out.toString();
  }
}
