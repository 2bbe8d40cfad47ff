package dev.weft.reactor.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs on a fresh fake reactor: {@code @Test} plus {@link WithFakeReactor}. On a
 * class it acts as {@link WithFakeReactor} (which says so more plainly there).
 *
 * <p>Because it is a {@code @Test}, do not put it beside {@code @ParameterizedTest},
 * {@code @RepeatedTest} or {@code @TestFactory}: JUnit would run the method once more as a plain
 * test, which fails for want of arguments. Use {@link WithFakeReactor} on those methods (or on
 * the class) instead.
 *
 * <p>Each test gets its own {@code MemoryReactor}; parameters of type
 * {@code MemoryReactor} or {@code Clock} receive it (the
 * {@code Clock} is that reactor's clock, so all of them share one fake time), and so do fields
 * annotated {@link InjectReactor}. After the test the extension fails it if the reactor is
 * dirty: see {@link ReactorExtension}.
 *
 * <pre>{@code
 * @ReactorTest
 * void connectsAndTimesOut(MemoryReactor reactor) { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Test
@ExtendWith(ReactorExtension.class)
public @interface ReactorTest {

  /**
   * Whether to capture the whole stack where each delayed call, connection, port and queued
   * call was created; see {@link WithFakeReactor#captureCreationSites()}.
   *
   * @return {@code true} to capture full creation stacks
   */
  boolean captureCreationSites() default false;
}
