/**
 * UDP samples: {@link dev.weft.samples.udp.UdpEcho}, an echo server, and
 * {@link dev.weft.samples.udp.ARecordClient}, a request/response client with retries and timeouts
 * on reactor time, against {@link dev.weft.samples.udp.ARecordServer}, a tiny DNS-style server.
 * Their tests run them on a lossy, duplicating, reordering fake network with a fixed seed, and on
 * real loopback sockets.
 */
@NullMarked
package dev.weft.samples.udp;

import org.jspecify.annotations.NullMarked;
