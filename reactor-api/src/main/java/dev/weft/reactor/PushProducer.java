package dev.weft.reactor;

/**
 * A producer that writes whenever it has data until told to pause: the transport pauses it when
 * its buffered bytes rise above the high-water mark and resumes it when they fall below the
 * low-water mark. Register it with {@code streaming = true}. Every {@link Transport} is one: it
 * produces the bytes it reads.
 *
 * <p>Twisted: {@code IPushProducer}.
 */
public interface PushProducer extends Producer {

  /** Stop writing until {@link #resumeProducing()}; the transport's buffer is full. */
  void pauseProducing();
}
