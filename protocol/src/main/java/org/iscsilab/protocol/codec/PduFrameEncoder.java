package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.iscsilab.protocol.pdu.Pdu;

/** Netty encoder: {@link Pdu} values out as bytes, sized first and allocated once. */
@ChannelHandler.Sharable
public final class PduFrameEncoder extends MessageToByteEncoder<Pdu> {

  public PduFrameEncoder() {
    super(Pdu.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Pdu pdu, boolean preferDirect) {
    int size = PduFramer.encodedLength(pdu, FramingState.of(ctx.channel()).outbound());
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Pdu pdu, ByteBuf out) {
    PduFramer.encode(pdu, FramingState.of(ctx.channel()).outbound(), out);
  }
}
