package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.iscsilab.protocol.ProtocolException;

/**
 * Netty decoder: bytes in, {@link org.iscsilab.protocol.pdu.Pdu} values (or {@link PduDecodeError})
 * out. Waits for the BHS, validates lengths against the connection's {@link FramingState} before
 * awaiting the body, then decodes. After a connection-level error it raises the
 * {@link ProtocolException} once and discards everything that follows.
 */
public final class PduFrameDecoder extends ByteToMessageDecoder {

  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < PduFramer.BHS_LENGTH) {
      return;
    }
    FramingState state = FramingState.of(ctx.channel());
    FramingLimits limits = state.inbound();
    try {
      int frameLength = PduFramer.checkedFrameLength(in, limits);
      if (frameLength < 0 || in.readableBytes() < frameLength) {
        return;
      }
      out.add(PduFramer.decode(in, frameLength, limits, state.dataInPlacement()));
    } catch (ProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      ctx.fireExceptionCaught(e);
    }
  }
}
