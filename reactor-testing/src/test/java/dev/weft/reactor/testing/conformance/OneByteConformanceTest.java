package dev.weft.reactor.testing.conformance;

import dev.weft.reactor.testing.net.Chunking;

/**
 * The conformance suite on the fakes, every byte arriving in a read of its own. The bulk
 * transfers move 1 MiB instead of 64 (TLS 64 KiB): one read per byte costs a callback per byte
 * (over TLS, an {@code SSLEngine} unwrap attempt per byte), so 64 MiB would take seconds on its
 * own, and what this chunking catches (framing that assumes whole reads) shows at any size; the
 * other chunkings carry the volume.
 */
class OneByteConformanceTest extends MemoryConformanceSuite {

  @Override
  Chunking chunking() {
    return Chunking.oneByte();
  }

  @Override
  long bulkBytes() {
    return 1024 * 1024;
  }

  @Override
  long tlsBulkBytes() {
    return 64 * 1024;
  }
}
