/**
 * The simulated network: fake reactors as hosts on one {@link dev.weft.reactor.testing.Clock},
 * links that carry bytes with latency, bandwidth and a receive window, partitions and crashes,
 * and the {@link dev.weft.reactor.testing.net.Chunking} policies that decide how arriving bytes
 * become reads, all chosen by seed. {@link dev.weft.reactor.testing.net.DatagramNetwork} carries
 * UDP datagrams between hosts with loss, duplication, reordering, latency, a size limit and
 * partitions; every {@link dev.weft.reactor.testing.net.Network} has one for its hosts, which
 * also obeys the network's partitions and crashes, and routes its hosts' UNIX-domain sockets by
 * path on the host. {@link dev.weft.reactor.testing.net.Fault} values say how the network fails
 * (connect, stream and resolver faults, at an exact byte or fake instant), and a
 * {@link dev.weft.reactor.testing.net.FaultPlan} is a list of them, written by hand or drawn
 * from a seed, that prints as code to paste into a test.
 * {@link dev.weft.reactor.testing.net.SweepRunner} runs a test under many
 * {@link dev.weft.reactor.testing.net.SweepCase}s (seed, chunking, fault plan) and the
 * {@link dev.weft.reactor.testing.net.Shrinker} cuts a failing one down to a minimal replay.
 * Every parameter and return value in this package is non-null unless it is
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.weft.reactor.testing.net;

import org.jspecify.annotations.NullMarked;
