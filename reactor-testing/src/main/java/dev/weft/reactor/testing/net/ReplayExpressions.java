package dev.weft.reactor.testing.net;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a replay expression, the Java a failure message prints (for example
 * {@code SweepCase.of(42L, Chunking.random(42L))}), without a compiler: literals (numbers with or
 * without {@code L}, strings, booleans), static factory calls, static fields and enum constants,
 * methods of the values those return (as in {@code Fault.resetAfter(3).onResponse()}), and
 * {@code new} on exceptions. Static names resolve to public types of this package (nested ones
 * as {@code Outer.Inner}) and to {@code Duration}; methods are those declared by this package's
 * types and Duration; {@code new} makes Weft's and {@code java.lang}'s exceptions (by simple
 * name) or others by full name. Nothing else can be reached, so a pasted string cannot call
 * arbitrary code.
 */
final class ReplayExpressions {
  private final String text;
  private int at;

  private ReplayExpressions(String text) {
    this.text = text;
  }

  /** Evaluates {@code text} to a value of {@code type}. */
  static <T> T evaluate(String text, Class<T> type) {
    Objects.requireNonNull(text, "text");
    ReplayExpressions parser = new ReplayExpressions(text);
    Object value = parser.expression();
    parser.skipSpace();
    if (parser.at != text.length()) {
      throw parser.error("unexpected text after the expression");
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("replay expression must make a " + type.getSimpleName()
          + " but makes a " + (value == null ? "null" : value.getClass().getSimpleName())
          + ": " + text);
    }
    return type.cast(value);
  }

  private @Nullable Object expression() {
    Object value = primary();
    while (true) {
      skipSpace();
      if (at < text.length() && text.charAt(at) == '.' && value != null) {
        at++;
        String method = identifier();
        value = callOn(value, method, arguments());
      } else {
        return value;
      }
    }
  }

  private @Nullable Object primary() {
    skipSpace();
    if (at >= text.length()) {
      throw error("expression expected");
    }
    char c = text.charAt(at);
    if (c == '"') {
      return string();
    }
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (!Character.isJavaIdentifierStart(c)) {
      throw error("expression expected");
    }
    String first = identifier();
    if (first.equals("true") || first.equals("false")) {
      return Boolean.parseBoolean(first);
    }
    if (first.equals("null")) {
      return null;
    }
    if (first.equals("new")) {
      skipSpace();
      Class<?> type = exceptionType(dotted(identifier()));
      return construct(type, arguments());
    }
    String name = dotted(first);
    skipSpace();
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      throw error("a replay expression names Type.member, not \"" + name + "\"");
    }
    Class<?> owner = type(name.substring(0, dot));
    String member = name.substring(dot + 1);
    if (at < text.length() && text.charAt(at) == '(') {
      return call(owner, member, arguments());
    }
    try {
      return owner.getField(member).get(null);
    } catch (ReflectiveOperationException e) {
      throw error(owner.getSimpleName() + " has no public constant " + member);
    }
  }

  private String dotted(String first) {
    StringBuilder name = new StringBuilder(first);
    while (true) {
      skipSpace();
      if (at < text.length() && text.charAt(at) == '.') {
        at++;
        skipSpace();
        name.append('.').append(identifier());
      } else {
        return name.toString();
      }
    }
  }

  private List<@Nullable Object> arguments() {
    skipSpace();
    expect('(');
    List<@Nullable Object> args = new ArrayList<>();
    skipSpace();
    if (at < text.length() && text.charAt(at) == ')') {
      at++;
      return args;
    }
    while (true) {
      args.add(expression());
      skipSpace();
      if (at < text.length() && text.charAt(at) == ',') {
        at++;
      } else {
        expect(')');
        return args;
      }
    }
  }

  private Class<?> type(String name) {
    if (name.equals("Duration") || name.equals("java.time.Duration")) {
      return java.time.Duration.class;
    }
    String binary = ReplayExpressions.class.getPackageName() + "." + name.replace('.', '$');
    try {
      Class<?> type = Class.forName(binary, false, ReplayExpressions.class.getClassLoader());
      if (Modifier.isPublic(type.getModifiers())) {
        return type;
      }
    } catch (ClassNotFoundException e) {
      // Reported below, with what can be named.
    }
    throw error("unknown type " + name + "; a replay expression names public types of "
        + ReplayExpressions.class.getPackageName() + " and Duration");
  }

  /**
   * An exception type for {@code new}: Weft's own ({@code dev.weft.reactor}) or
   * {@code java.lang}'s by simple name, or any by full name, as fault values print them.
   */
  private Class<?> exceptionType(String name) {
    List<String> candidates = name.contains(".") ? List.of(name)
        : List.of("dev.weft.reactor." + name, "java.lang." + name);
    for (String candidate : candidates) {
      try {
        Class<?> type = Class.forName(candidate, false, ReplayExpressions.class.getClassLoader());
        if (Throwable.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())) {
          return type;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // Try the next; reported below.
      }
    }
    throw error("new makes only exceptions (Weft's, java.lang's, or by full name): " + name);
  }

  private @Nullable Object callOn(Object target, String name, List<@Nullable Object> args) {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && !Modifier.isStatic(method.getModifiers())
          && reachable(method.getDeclaringClass())) {
        @Nullable Object[] converted = convert(method, args);
        if (converted != null) {
          return invoke(() -> method.invoke(target, converted));
        }
      }
    }
    throw error("no public method " + name + " of " + target.getClass().getSimpleName()
        + " takes " + args);
  }

  /** Methods of this package's types and of Duration only: not Object's getClass and beyond. */
  private static boolean reachable(Class<?> declaring) {
    return declaring == java.time.Duration.class
        || declaring.getPackageName().equals(ReplayExpressions.class.getPackageName());
  }

  private @Nullable Object call(Class<?> owner, String name, List<@Nullable Object> args) {
    for (Method method : owner.getMethods()) {
      if (method.getName().equals(name) && Modifier.isStatic(method.getModifiers())) {
        @Nullable Object[] converted = convert(method, args);
        if (converted != null) {
          return invoke(() -> method.invoke(null, converted));
        }
      }
    }
    throw error("no public static " + owner.getSimpleName() + "." + name + " takes " + args);
  }

  private Object construct(Class<?> type, List<@Nullable Object> args) {
    for (Constructor<?> constructor : type.getConstructors()) {
      @Nullable Object[] converted = convert(constructor, args);
      if (converted != null) {
        return Objects.requireNonNull(invoke(() -> constructor.newInstance(converted)));
      }
    }
    throw error("no public constructor of " + type.getSimpleName() + " takes " + args);
  }

  /** The arguments converted to the parameters of {@code target}, or null if they do not fit. */
  private static @Nullable Object @Nullable [] convert(
      Executable target, List<@Nullable Object> args) {
    Class<?>[] types = target.getParameterTypes();
    boolean varargs = target.isVarArgs();
    if (!varargs && types.length != args.size()) {
      return null;
    }
    if (varargs && args.size() < types.length - 1) {
      return null;
    }
    @Nullable Object[] out = new Object[types.length];
    int fixed = varargs ? types.length - 1 : types.length;
    for (int i = 0; i < fixed; i++) {
      Object v = fit(args.get(i), types[i]);
      if (v == NO_FIT) {
        return null;
      }
      out[i] = v;
    }
    if (varargs) {
      Class<?> component = types[fixed].getComponentType();
      Object array = java.lang.reflect.Array.newInstance(component, args.size() - fixed);
      for (int i = fixed; i < args.size(); i++) {
        Object v = fit(args.get(i), component);
        if (v == NO_FIT) {
          return null;
        }
        java.lang.reflect.Array.set(array, i - fixed, v);
      }
      out[fixed] = array;
    }
    return out;
  }

  private static final Object NO_FIT = new Object();

  private static @Nullable Object fit(@Nullable Object value, Class<?> type) {
    if (value == null) {
      return type.isPrimitive() ? NO_FIT : null;
    }
    if (value instanceof Long n) {
      if (type == long.class || type == Long.class) {
        return n;
      }
      if ((type == int.class || type == Integer.class) && n == n.intValue()) {
        return n.intValue();
      }
      if (type == double.class || type == Double.class) {
        return n.doubleValue();
      }
      return NO_FIT;
    }
    if (value instanceof Double d) {
      return type == double.class || type == Double.class ? d : NO_FIT;
    }
    if (value instanceof Boolean b) {
      return type == boolean.class || type == Boolean.class ? b : NO_FIT;
    }
    return type.isInstance(value) ? value : NO_FIT;
  }

  private interface Reflective {
    @Nullable Object run() throws ReflectiveOperationException;
  }

  private static @Nullable Object invoke(Reflective call) {
    try {
      return call.run();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalArgumentException(String.valueOf(cause), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object number() {
    int start = at;
    if (text.charAt(at) == '-') {
      at++;
    }
    while (at < text.length()
        && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.'
            || text.charAt(at) == '_' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
    }
    String digits = text.substring(start, at).replace("_", "");
    if (at < text.length() && (text.charAt(at) == 'L' || text.charAt(at) == 'l')) {
      at++;
    }
    try {
      if (digits.contains(".") || digits.contains("e") || digits.contains("E")) {
        return Double.parseDouble(digits);
      }
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error("not a number: " + digits);
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (at < text.length() && text.charAt(at) != '"') {
      char c = text.charAt(at++);
      if (c == '\\' && at < text.length()) {
        char e = text.charAt(at++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw error("\\u needs four hex digits");
            }
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    expect('"');
    return out.toString();
  }

  private String identifier() {
    skipSpace();
    int start = at;
    if (at >= text.length() || !Character.isJavaIdentifierStart(text.charAt(at))) {
      throw error("name expected");
    }
    while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
      at++;
    }
    return text.substring(start, at);
  }

  private void expect(char c) {
    skipSpace();
    if (at >= text.length() || text.charAt(at) != c) {
      throw error("'" + c + "' expected");
    }
    at++;
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("cannot read the replay expression at character " + at
        + " (" + problem + "): " + text);
  }
}
