/**
 * Stand-alone benchmarks of issue 14's file regions and reactor groups, each a {@code main} that
 * runs servers in this JVM and reads their threads' CPU time: {@link
 * dev.weft.benchmarks.scale.FileServeBench} (a large file to a loopback client: Weft's {@code
 * sendFile} beside Netty's {@code DefaultFileRegion}) and {@link
 * dev.weft.benchmarks.scale.GroupEchoBench} (echo ping-pong on 1 and 2 reactors of a {@code
 * NioReactorGroup}).
 */
@NullMarked
package dev.weft.benchmarks.scale;

import org.jspecify.annotations.NullMarked;
