package dev.weft.reactor.testing;

import dev.weft.reactor.internal.ProducerPacing;

/**
 * The settings a fake gives the transports it makes: water marks and write buffer limit,
 * checked as the production reactor checks them, and whether a transport a network link or a
 * pump drains keeps a record of its writes.
 *
 * @param lowWaterMark pending bytes at or below which a transport is writable again
 * @param highWaterMark pending bytes above which it is not writable
 * @param writeBufferLimit pending bytes above which a write aborts it
 * @param keepWritten whether drained transports keep a record; see {@link
 *     RecordingTransport.Builder#keepWritten(boolean)}
 */
record WriteBufferSettings(
    long lowWaterMark, long highWaterMark, long writeBufferLimit, boolean keepWritten) {
  /** The production reactor's defaults: 32 KiB, 64 KiB, no limit; and a record kept. */
  static final WriteBufferSettings DEFAULTS = new WriteBufferSettings(
      ProducerPacing.DEFAULT_LOW_WATER_MARK, ProducerPacing.DEFAULT_HIGH_WATER_MARK,
      ProducerPacing.NO_LIMIT, true);

  WriteBufferSettings {
    ProducerPacing.checkWaterMarks(lowWaterMark, highWaterMark);
    ProducerPacing.checkWriteBufferLimit(writeBufferLimit);
  }

  WriteBufferSettings withWaterMarks(long low, long high) {
    return new WriteBufferSettings(low, high, writeBufferLimit, keepWritten);
  }

  WriteBufferSettings withLimit(long limit) {
    return new WriteBufferSettings(lowWaterMark, highWaterMark, limit, keepWritten);
  }

  WriteBufferSettings withKeepWritten(boolean keep) {
    return new WriteBufferSettings(lowWaterMark, highWaterMark, writeBufferLimit, keep);
  }

  /** Starts a builder for a transport a network link or a pump drains. */
  RecordingTransport.Builder transportBuilder() {
    return RecordingTransport.builder()
        .highWaterMark(highWaterMark)
        .lowWaterMark(lowWaterMark)
        .writeBufferLimit(writeBufferLimit)
        .keepWritten(keepWritten);
  }

  /**
   * Starts a builder for a transport of a connection the test plays by hand: its record is where
   * the test reads what the protocol wrote, so it is always kept.
   */
  RecordingTransport.Builder handPlayedTransportBuilder() {
    return transportBuilder().keepWritten(true);
  }
}
