/**
 * The simulated network: fake reactors as hosts on one {@link dev.weft.reactor.testing.Clock},
 * with the network's faults chosen by seed. {@link dev.weft.reactor.testing.net.DatagramNetwork}
 * carries UDP datagrams between hosts with loss, duplication, reordering, latency, a size limit
 * and partitions. Every parameter and return value in this package is non-null unless it is
 * annotated {@code @Nullable}.
 */
@NullMarked
package dev.weft.reactor.testing.net;

import org.jspecify.annotations.NullMarked;
