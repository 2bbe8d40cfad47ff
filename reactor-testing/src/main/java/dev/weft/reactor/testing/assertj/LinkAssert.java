package dev.weft.reactor.testing.assertj;

import dev.weft.reactor.testing.net.Link;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one link of a simulated network: bytes in flight, bytes held, held by the test
 * or cut by a partition, open or closed. Obtain one with {@link ReactorAssertions#assertThat(Link)}.
 * Every failure message shows the link as it is (its hosts, the network's seed and chunking, and
 * its state).
 */
public final class LinkAssert extends AbstractAssert<LinkAssert, Link> {

  LinkAssert(Link actual) {
    super(actual, LinkAssert.class);
  }

  /**
   * Verifies how many bytes are in flight on the link, both directions together: sent and not
   * yet arrived.
   *
   * @param bytes the expected count
   * @return this assertion
   */
  public LinkAssert hasBytesInFlight(long bytes) {
    isNotNull();
    if (actual.bytesInFlight() != bytes) {
      failWithMessage("Expecting %d bytes in flight but found %d on:%n  %s",
          bytes, actual.bytesInFlight(), actual);
    }
    return this;
  }

  /**
   * Verifies that no byte is in flight on the link.
   *
   * @return this assertion
   */
  public LinkAssert hasNoBytesInFlight() {
    return hasBytesInFlight(0);
  }

  /**
   * Verifies how many bytes wait on the link, both directions together: arrived while it was
   * held or partitioned, delivered on release or heal.
   *
   * @param bytes the expected count
   * @return this assertion
   */
  public LinkAssert hasBytesHeld(long bytes) {
    isNotNull();
    if (actual.bytesHeld() != bytes) {
      failWithMessage("Expecting %d bytes held but found %d on:%n  %s",
          bytes, actual.bytesHeld(), actual);
    }
    return this;
  }

  /**
   * Verifies that the test holds the link ({@code link.hold()} without a release since).
   *
   * @return this assertion
   */
  public LinkAssert isHeld() {
    isNotNull();
    if (!actual.isHeld()) {
      failWithMessage("Expecting the link to be held but it is not:%n  %s", actual);
    }
    return this;
  }

  /**
   * Verifies that the test does not hold the link.
   *
   * @return this assertion
   */
  public LinkAssert isNotHeld() {
    isNotNull();
    if (actual.isHeld()) {
      failWithMessage("Expecting the link not to be held but it is (%d bytes wait):%n  %s",
          actual.bytesHeld(), actual);
    }
    return this;
  }

  /**
   * Verifies that a partition cuts at least one direction of the link.
   *
   * @return this assertion
   */
  public LinkAssert isPartitioned() {
    isNotNull();
    if (!actual.isPartitioned()) {
      failWithMessage("Expecting the link to be partitioned but no partition cuts it:%n  %s",
          actual);
    }
    return this;
  }

  /**
   * Verifies that no partition cuts the link, either way.
   *
   * @return this assertion
   */
  public LinkAssert isNotPartitioned() {
    isNotNull();
    if (actual.isPartitioned()) {
      failWithMessage("Expecting the link not to be partitioned but a partition cuts it:%n  %s",
          actual);
    }
    return this;
  }

  /**
   * Verifies that at least one end of the link is open.
   *
   * @return this assertion
   */
  public LinkAssert isOpen() {
    isNotNull();
    if (!actual.isOpen()) {
      failWithMessage("Expecting the link to be open but both ends have ended:%n  %s", actual);
    }
    return this;
  }

  /**
   * Verifies that both ends of the link have ended (or vanished with a crashed host).
   *
   * @return this assertion
   */
  public LinkAssert isClosed() {
    isNotNull();
    if (actual.isOpen()) {
      failWithMessage("Expecting the link to be closed but it is open (client end %s, server end"
          + " %s):%n  %s", state(actual.client().isOpen()), state(actual.server().isOpen()),
          actual);
    }
    return this;
  }

  private static String state(boolean open) {
    return open ? "open" : "ended";
  }
}
