/**
 * The conformance suite: scenarios every Weft reactor must pass, written once against a small
 * {@link dev.weft.reactor.testing.conformance.ReactorDriver} so that the fakes (turning and
 * advancing fake time on a simulated network) and the production reactor (real sockets, bounded real waits) are held to
 * the same behaviour.
 *
 * <p><b>Layout: one class per concern, run over every reactor</b> (as Netty's testsuite is).
 * Every topic class extends {@link dev.weft.reactor.testing.conformance.ReactorConformanceTest},
 * which gives each scenario a fresh driver and the shared helpers:
 *
 * <ul>
 *   <li>{@code ConnectingConformanceTest}: listen, connect, refused, connect timeout, cancel, a
 *       factory that builds no protocol, when {@code startedConnecting} runs;
 *   <li>{@code ClosingConformanceTest}: clean close and abort;
 *   <li>{@code HalfCloseConformanceTest}: {@code loseWriteConnection} both ways;
 *   <li>{@code DataTransferConformanceTest}: {@code writeSequence}, a 64 MiB transfer checked by
 *       CRC-32;
 *   <li>{@code FlowControlConformanceTest}: push and pull producers at the water marks, paused
 *       reading, writability, the write buffer limit;
 *   <li>{@code ResolutionConformanceTest}: names that resolve, names that fail with the DNS reason;
 *   <li>{@code TimeConformanceTest}, {@code ThreadsConformanceTest},
 *       {@code SystemEventsConformanceTest}: delayed calls, {@code callFromThread}, triggers;
 *   <li>{@code ShutdownConformanceTest}: what {@code stop()} does to connections and attempts;
 *   <li>{@code ErrorHandlingConformanceTest}: bad arguments and a throwing callback, one
 *       scenario per callback;
 *   <li>{@code DeferredConformanceTest}, {@code TlsConformanceTest}: Deferreds, TLS over TCP;
 *   <li>{@code LifecycleConformanceTest}: what one turn runs, stop, throwing {@code doStart},
 *       which thread may call the reactor;
 *   <li>{@code UnixConformanceTest}, {@code DatagramConformanceTest},
 *       {@code FileRegionConformanceTest}: UNIX-domain streams, UDP, {@code sendFile}.
 * </ul>
 *
 * <p><b>Where a new scenario goes.</b> Into the topic class of what it is about; a scenario for a
 * new transport or concern (UNIX sockets, UDP, file regions) gets a topic class of its own,
 * {@code UnixConformanceTest} or {@code DatagramConformanceTest}, extending
 * {@code ReactorConformanceTest}, and one nested class in each runner: reactor-testing's
 * {@code MemoryConformanceSuite} (which runs every topic on the fakes under every chunking of
 * reads) and reactor-nio's {@code NioConformanceIT}. A scenario acts only inside
 * {@code driver().onReactor}, waits only with {@code runUntil} and {@code passTime}, never
 * sleeps, records what callbacks saw in thread-safe structures, and must not depend on how reads
 * are cut: it passes under every {@link dev.weft.reactor.testing.net.Chunking} (coalesced, one
 * byte, fixed segments, seeded random cuts).
 *
 * <p><b>Running it against a reactor.</b> Extend a topic class and return a driver from
 * {@code createDriver()}. The fakes' own driver,
 * {@link dev.weft.reactor.testing.conformance.MemoryReactorDriver}, is public: a thin adapter
 * over a simulated {@link dev.weft.reactor.testing.net.Network} whose host at {@code 127.0.0.1}
 * is the reactor under test, so the scenarios run on the network's own routing and links (and
 * its chunking); useful beyond the scenarios to run a client and a server of your own against
 * each other without sockets.
 */
@NullMarked
package dev.weft.reactor.testing.conformance;

import org.jspecify.annotations.NullMarked;
