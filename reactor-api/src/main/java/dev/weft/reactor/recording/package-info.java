/**
 * Recording real sessions: {@link dev.weft.reactor.recording.SessionRecorder} wraps a factory
 * or a protocol on any reactor and writes each connection down as a
 * {@link dev.weft.reactor.recording.Recording}, the bytes each way with their timing, in a small
 * text format a person can read and edit. reactor-testing replays either side of a recording as
 * a scripted peer, so a session seen in production becomes a deterministic test.
 *
 * <p>Twisted has no counterpart; the idea is that of record-and-replay HTTP tools (VCR), for any
 * protocol over TCP.
 */
@NullMarked
package dev.weft.reactor.recording;

import org.jspecify.annotations.NullMarked;
