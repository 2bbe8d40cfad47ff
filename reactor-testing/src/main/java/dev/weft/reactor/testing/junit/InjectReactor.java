package dev.weft.reactor.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an instance field that receives the test's fake reactor before each test: a field of
 * type {@code MemoryReactor} gets the reactor, a field of type
 * {@code Clock} gets its Clock, a field of type {@code Network} the test's simulated network (see
 * {@link SimulatedNetwork}); a {@code Host} field needs a {@link HostNamed} name. Only annotated
 * fields are touched.
 *
 * <p>The field must not be {@code static} (each test gets its own reactor) nor {@code final}
 * (the extension assigns it); either, or another type, fails the test with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that names the field.
 *
 * <p><b>Adopting a reactor you built.</b> A reactor field that already holds a reactor when the
 * test starts (set by its initializer or the constructor) is adopted instead of replaced: that
 * reactor is the test's, parameters and other fields receive it, and the dirty-reactor check
 * runs on it. So options live on the fake you build, not on an annotation. The same holds for a
 * {@code Network} field that holds a network the test built: the test's reactor and Clock are
 * then on that network's Clock. With
 * {@code @TestInstance(PER_CLASS)} an adopted reactor serves every test of the class.
 *
 * <p>The annotation registers {@link ReactorExtension} itself, so a class needs nothing else.
 *
 * <pre>{@code
 * @WithFakeReactor
 * class ChatServerTest {
 *   @InjectReactor MemoryReactor reactor;
 *   ...
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ReactorExtension.class)
public @interface InjectReactor {}
