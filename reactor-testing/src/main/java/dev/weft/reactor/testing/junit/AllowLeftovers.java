package dev.weft.reactor.testing.junit;

import dev.weft.reactor.testing.Leftover;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test (or every test of a class) leave the named kinds of leftover in its fake reactor
 * without failing, for example a test that deliberately leaves a listening port open.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AllowLeftovers {

  /**
   * Returns the kinds of leftover that are allowed.
   *
   * @return the allowed kinds
   */
  Leftover.Kind[] value();
}
