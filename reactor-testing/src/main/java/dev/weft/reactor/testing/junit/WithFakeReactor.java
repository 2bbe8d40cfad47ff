package dev.weft.reactor.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives every test of a class (or one test method) a fresh fake reactor and fails a test that
 * leaves it dirty, without making anything a test: it registers {@link ReactorExtension} and
 * nothing else. Use it beside {@code @ParameterizedTest}, {@code @RepeatedTest},
 * {@code @TestFactory} or a plain {@code @Test}; {@link ReactorTest} is the shorthand for
 * {@code @Test} plus this.
 *
 * <pre>{@code
 * @WithFakeReactor
 * class GetPageTest {
 *   @InjectReactor MemoryReactor reactor;
 *
 *   @ParameterizedTest
 *   @MethodSource("deliveries")
 *   void readsEveryChunking(Chunking chunking) { ... }
 * }
 * }</pre>
 *
 * <p>What a test receives and what counts as dirty: see {@link ReactorExtension}. Settings on
 * the method win over settings on the class.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ReactorExtension.class)
public @interface WithFakeReactor {

  /**
   * Whether to capture the whole stack where each delayed call, connection, port and queued
   * call was created, attached to a dirty-reactor failure. Off by default: the failure already
   * names the line of your code that scheduled each delayed call; turn this on when that line is
   * not enough.
   *
   * @return {@code true} to capture full creation stacks
   */
  boolean captureCreationSites() default false;
}
