package dev.weft.reactor.testing;

import dev.weft.reactor.internal.ProducerPacing;

/**
 * The flow-control settings a fake gives the transports it makes: water marks and write buffer
 * limit, checked as the production reactor checks them.
 *
 * @param lowWaterMark pending bytes at or below which a transport is writable again
 * @param highWaterMark pending bytes above which it is not writable
 * @param writeBufferLimit pending bytes above which a write aborts it
 */
record WriteBufferSettings(long lowWaterMark, long highWaterMark, long writeBufferLimit) {
  /** The production reactor's defaults: 32 KiB, 64 KiB, no limit. */
  static final WriteBufferSettings DEFAULTS = new WriteBufferSettings(
      ProducerPacing.DEFAULT_LOW_WATER_MARK, ProducerPacing.DEFAULT_HIGH_WATER_MARK,
      ProducerPacing.NO_LIMIT);

  WriteBufferSettings {
    ProducerPacing.checkWaterMarks(lowWaterMark, highWaterMark);
    ProducerPacing.checkWriteBufferLimit(writeBufferLimit);
  }

  WriteBufferSettings withWaterMarks(long low, long high) {
    return new WriteBufferSettings(low, high, writeBufferLimit);
  }

  WriteBufferSettings withLimit(long limit) {
    return new WriteBufferSettings(lowWaterMark, highWaterMark, limit);
  }

  /** Starts a transport builder with these settings. */
  RecordingTransport.Builder transportBuilder() {
    return RecordingTransport.builder()
        .highWaterMark(highWaterMark)
        .lowWaterMark(lowWaterMark)
        .writeBufferLimit(writeBufferLimit);
  }
}
