package dev.weft.reactor;

/**
 * A producer that writes only when asked: the transport calls {@link #resumeProducing()} each
 * time its buffer has drained and it wants one more chunk. Register it with
 * {@code streaming = false}.
 *
 * <p>Twisted: {@code IPullProducer}.
 */
public interface PullProducer extends Producer {}
