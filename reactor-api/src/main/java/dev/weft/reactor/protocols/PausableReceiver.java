package dev.weft.reactor.protocols;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.PushProducer;

/**
 * What the framing protocols share: Twisted's pause, resume and stop of delivery. A pause stops
 * delivery at once, even in the middle of a read holding many lines or frames, and pauses the
 * transport; a resume delivers what waited and reads again.
 */
abstract class PausableReceiver extends BaseProtocol implements PushProducer {
  private boolean paused;

  PausableReceiver() {}

  /**
   * Pauses this protocol, as Twisted's framing protocols pause: nothing more is delivered from
   * now on, not even what the read being framed still holds, and the transport stops reading,
   * until {@link #resumeProducing()}. A server that answers one request at a time calls it from
   * its callback to stop after the request in hand, however many a client pipelined into one
   * read. Pausing the transport alone stops further reads but not what the current one holds.
   */
  @Override
  public void pauseProducing() {
    paused = true;
    transport().pauseProducing();
  }

  /**
   * Resumes after {@link #pauseProducing()}: the transport reads again, and what was received
   * meanwhile is delivered at once, inside this call, or by the delivery already running if
   * called from a callback (never re-entrantly).
   */
  @Override
  public void resumeProducing() {
    paused = false;
    transport().resumeProducing();
    deliverBuffered();
  }

  /**
   * Stops for good: nothing more is delivered and the transport closes, as
   * {@link dev.weft.reactor.Transport#stopProducing()} does.
   */
  @Override
  public void stopProducing() {
    paused = true;
    transport().stopProducing();
  }

  /**
   * Tells whether delivery is paused with {@link #pauseProducing()} (or stopped).
   *
   * @return {@code true} from a pause until the following resume
   */
  public boolean isPaused() {
    return paused;
  }

  /** The flag itself, for the delivery loops: a subclass's own {@code isPaused} cannot change it. */
  final boolean deliveryPaused() {
    return paused;
  }

  /** Delivers what is buffered while not paused; returns at once if a delivery is running. */
  abstract void deliverBuffered();
}
