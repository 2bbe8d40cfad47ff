package dev.weft.reactor.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chooses the seed and the chunking of the simulated network that {@link ReactorExtension} gives
 * a test (a parameter or field of type {@code Network}, or a host named with {@link HostNamed}).
 * On a method it wins over one on the class. Without it the network has seed
 * {@link #DEFAULT_SEED} and coalesced reads.
 *
 * <p>A failing test that used a network carries a replay line with this annotation as it must be
 * written to replay the run exactly, so a run under any seed can be pinned:
 *
 * <pre>{@code
 * @ReactorTest
 * @SimulatedNetwork(seed = 42L, chunking = "Chunking.random(7L)")
 * void survivesAnyCut(Network network, @HostNamed("server") Host server) { ... }
 * }</pre>
 *
 * <p>Latency, bandwidth, window and the other options live on {@code Network.builder()}: build
 * the network yourself and put it in an {@link InjectReactor} field, which the extension adopts
 * (then this annotation must not be present, since it would be ignored).
 *
 * <p>The annotation registers {@link ReactorExtension} itself.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ReactorExtension.class)
public @interface SimulatedNetwork {

  /** The seed of a network whose test does not choose one: 0, as {@code Network.builder()}. */
  long DEFAULT_SEED = 0L;

  /**
   * Returns the seed every random choice of the network (latencies, jitter, datagram fates) is
   * drawn from.
   *
   * @return the seed
   */
  long seed() default DEFAULT_SEED;

  /**
   * Returns how arriving bytes become reads on every host, written as the Java expression that
   * builds the policy (what {@code Chunking.toString()} prints): {@code "Chunking.coalesced()"},
   * {@code "Chunking.oneByte()"}, {@code "Chunking.fixed(16)"} or
   * {@code "Chunking.random(7L)"}; the {@code Chunking.} prefix, the empty parentheses and the
   * {@code L} may be left out. A policy of your own needs a network you build (see above).
   *
   * @return the chunking expression
   */
  String chunking() default "Chunking.coalesced()";
}
