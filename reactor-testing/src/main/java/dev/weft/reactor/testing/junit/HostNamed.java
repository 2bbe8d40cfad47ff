package dev.weft.reactor.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names the host of the test's simulated network that a parameter or instance field receives: a
 * {@code Host} receives the host, a {@code MemoryReactor} the reactor the host runs when the test
 * starts (after a {@code crash()} and {@code restart()}, ask the host for its new one). The host
 * is added to the network the first time the test names it, with {@link #address()} or an
 * address of its own; every mention of the same name in one test is the same host.
 *
 * <pre>{@code
 * @ReactorTest
 * void echoesAcrossTheNetwork(
 *     Network network, @HostNamed("client") Host client,
 *     @HostNamed(value = "server", address = "10.0.0.80") Host server) { ... }
 * }</pre>
 *
 * <p>A field needs no {@link InjectReactor} beside it; like one, it must not be {@code static}
 * nor {@code final}. A misdeclared field, or a name given twice with different addresses, fails
 * the test with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that
 * names it. The annotation registers {@link ReactorExtension} itself.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ReactorExtension.class)
public @interface HostNamed {

  /**
   * Returns the host's name, which every host of the network resolves.
   *
   * @return the name, not empty
   */
  String value();

  /**
   * Returns the host's IP literal, or empty for an address of its own, as
   * {@code Network.host(name)} gives ({@code 10.0.0.2}, {@code 10.0.0.3}, ... in the order
   * hosts are added).
   *
   * @return the address, or {@code ""}
   */
  String address() default "";
}
