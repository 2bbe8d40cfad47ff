package dev.weft.reactor.testing.internal;

import dev.weft.reactor.Reactor;
import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the line of the user's code that asked a fake for something (a delayed call): the first
 * stack frame that is not Weft's library, the JDK or a test framework, such as
 * {@code com.example.Foo.bar(Foo.java:42)}, so a dirty-reactor report names what the user wrote
 * rather than {@code Deferred$$Lambda$596}.
 *
 * <p>Cheap enough to be on by default: a {@link StackWalker} stops at the first user frame and
 * never looks past {@link #MAX_FRAMES}; whether a class is user code is computed once per class.
 * It costs a few microseconds, about half of capturing the whole stack at a test's depth
 * (docs/benchmarks.md). Thread-safe.
 */
public final class CallSites {
  /** How deep to look before giving up; deeper than any Weft call chain. */
  public static final int MAX_FRAMES = 32;

  /**
   * Frames fetched in the walker's first batch. A walk costs mostly per frame fetched, not per
   * frame examined: the first user frame is two to seven frames deep (a test calling
   * {@code callLater}; a {@code connectTCP} whose attempt schedules its timeout), so a small
   * first batch is several times cheaper than one sized for {@link #MAX_FRAMES}.
   */
  private static final int FIRST_BATCH = 8;

  private static final StackWalker WALKER =
      StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), FIRST_BATCH);

  /** Frameworks whose frames are never "the user's code". */
  private static final List<String> FRAMEWORKS =
      List.of(
          "org.junit.", "org.opentest4j.", "org.assertj.", "org.mockito.", "net.bytebuddy.",
          "org.apache.maven.surefire.", "org.gradle.", "com.intellij.", "org.eclipse.jdt.");

  private static final ClassValue<Boolean> IS_USER_CODE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return isUserCode(type);
        }
      };

  private CallSites() {}

  /**
   * Returns the first frame of the current stack that is the user's code.
   *
   * @return the frame, or {@code null} if none is within {@link #MAX_FRAMES}
   */
  public static @Nullable StackTraceElement firstUserFrame() {
    return WALKER.walk(
        frames ->
            frames
                .limit(MAX_FRAMES)
                .filter(frame -> IS_USER_CODE.get(frame.getDeclaringClass()))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
  }

  private static boolean isUserCode(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
      return false; // the JDK
    }
    String name = type.getName();
    for (String framework : FRAMEWORKS) {
      if (name.startsWith(framework)) {
        return false;
      }
    }
    return !isWeftLibrary(type);
  }

  /**
   * Weft's library modules (api and testing; nio never calls a fake), but not code that merely
   * shares their package names (Weft's own tests): by module name on the module path, by jar or
   * classes folder on the class path.
   */
  private static boolean isWeftLibrary(Class<?> type) {
    Module module = type.getModule();
    if (module.isNamed()) {
      return Objects.requireNonNull(module.getName()).startsWith("dev.weft.reactor");
    }
    String location = location(type);
    if (location == null) {
      return type.getName().startsWith("dev.weft.reactor.");
    }
    return location.equals(location(Reactor.class)) || location.equals(location(CallSites.class));
  }

  private static @Nullable String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? null : source.getLocation().toString();
  }
}
