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
 * A test that runs on fresh fake reactors. On a method it replaces {@code @Test}; on a class it
 * applies the extension to every test in it.
 *
 * <p>Each test gets its own {@code MemoryReactorClock}; parameters and null instance fields of
 * type {@code MemoryReactorClock}, {@code MemoryReactor} or {@code Clock} receive it (the
 * {@code Clock} is that reactor's clock, so all of them share one fake time). After the test the
 * extension fails it if the reactor is dirty: see {@link ReactorExtension}.
 *
 * <pre>{@code
 * @ReactorTest
 * void connectsAndTimesOut(MemoryReactorClock reactor) { ... }
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
   * Whether to capture where each delayed call and connection was created, so a dirty-reactor
   * failure can show it. Off by default: it costs a stack walk per call.
   *
   * @return {@code true} to capture creation sites
   */
  boolean captureCreationSites() default false;
}
