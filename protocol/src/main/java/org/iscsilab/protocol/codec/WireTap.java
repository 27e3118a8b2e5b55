package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the exact bytes of a connection as they cross the pipeline, for the pcap recorder:
 * install it next to the socket, before {@link PduFrameDecoder} and after {@link PduFrameEncoder}
 * in the outbound direction. Allocates nothing per message; messages that are not {@link ByteBuf}
 * pass by unseen.
 *
 * <p>Observing never changes the traffic: when the listener throws (a recording file that is full,
 * closed or unwritable) the message still goes on, the tap stops calling the listener for this
 * connection, and the failure is logged once and kept in {@link #failure()}.
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

  private static final Logger LOG = LoggerFactory.getLogger(WireTap.class);

  private final Listener listener;
  private final LongSupplier clock;
  private volatile Throwable failure;

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
    if (failure == null && msg instanceof ByteBuf b && b.isReadable()) {
      try {
        listener.onInbound(b, clock.getAsLong());
      } catch (RuntimeException | Error e) {
        failed(ctx, e);
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (failure == null && msg instanceof ByteBuf b && b.isReadable()) {
      try {
        listener.onOutbound(b, clock.getAsLong());
      } catch (RuntimeException | Error e) {
        failed(ctx, e);
      }
    }
    ctx.write(msg, promise);
  }

  /** Why the listener was given up on, or null while it is still called. */
  public Throwable failure() {
    return failure;
  }

  private void failed(ChannelHandlerContext ctx, Throwable e) {
    failure = e;
    LOG.warn("the wire tap of {} stopped observing the connection: {}", ctx.channel(), e.toString());
  }
}
