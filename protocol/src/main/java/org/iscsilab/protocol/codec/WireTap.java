package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows the exact bytes of a connection as they cross the pipeline, for the pcap recorder:
 * install it next to the socket, before {@link PduFrameDecoder} and after {@link PduFrameEncoder}
 * in the outbound direction. Allocates nothing per message; messages that are not {@link ByteBuf}
 * pass by unseen.
 */
public final class WireTap extends ChannelDuplexHandler {

  /**
   * Receives the bytes. The buffer belongs to the pipeline: read it between its reader and writer
   * index (absolute getters or a copy), never change its indices, never retain or release it.
   */
  public interface Listener {
    void onInbound(ByteBuf bytes, long timestampNanos);

    void onOutbound(ByteBuf bytes, long timestampNanos);
  }

  private final Listener listener;
  private final LongSupplier clock;

  /** Timestamps from {@link System#nanoTime()}. */
  public WireTap(Listener listener) {
    this(listener, System::nanoTime);
  }

  /** Timestamps from {@code clock} (e.g. wall-clock nanoseconds for a pcap file). */
  public WireTap(Listener listener, LongSupplier clock) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b && b.isReadable()) {
      listener.onInbound(b, clock.getAsLong());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b && b.isReadable()) {
      listener.onOutbound(b, clock.getAsLong());
    }
    ctx.write(msg, promise);
  }
}
