package org.iscsilab.protocol.codec;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.iscsilab.protocol.pdu.Pdu;

/**
 * Shows the PDUs of a connection to an {@link Observer}: for the conformance suite's PDU-exchange
 * attachments and the initiator's "last PDUs seen" ({@link PduHistory}). Install it after {@link
 * PduFrameDecoder}/{@link PduFrameEncoder}; it sees decoded PDUs inbound and PDU values outbound
 * before they are encoded. Allocates nothing per PDU.
 */
public final class PduTap extends ChannelDuplexHandler {

  public enum Direction {
    INBOUND,
    OUTBOUND
  }

  /** Called on the channel's event loop; must not block. */
  public interface Observer {
    void onInbound(Pdu pdu, long timestampNanos);

    void onOutbound(Pdu pdu, long timestampNanos);

    /** A PDU the decoder could not accept (a data digest error); ignored unless overridden. */
    default void onInboundError(PduDecodeError error, long timestampNanos) {}
  }

  private final Observer observer;
  private final LongSupplier clock;

  public PduTap(Observer observer) {
    this(observer, System::nanoTime);
  }

  public PduTap(Observer observer, LongSupplier clock) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Pdu p) {
      observer.onInbound(p, clock.getAsLong());
    } else if (msg instanceof PduDecodeError e) {
      observer.onInboundError(e, clock.getAsLong());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof Pdu p) {
      observer.onOutbound(p, clock.getAsLong());
    }
    ctx.write(msg, promise);
  }
}
