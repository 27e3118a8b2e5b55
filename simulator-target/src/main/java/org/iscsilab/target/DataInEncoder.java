package org.iscsilab.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseCombiner;
import org.iscsilab.protocol.codec.Crc32c;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.codec.PduFramer;
import org.iscsilab.protocol.pdu.DataIn;

/**
 * The Data-In fast path: the BHS (written by the PDU itself) goes into a small buffer, the data
 * segment's bytes are wrapped, not copied, so that a read travels from the backend to the socket
 * with no copy in between. Wire format identical to {@link org.iscsilab.protocol.codec.PduFrameEncoder}.
 * Every other PDU passes through to that encoder.
 */
@ChannelHandler.Sharable
final class DataInEncoder extends ChannelOutboundHandlerAdapter {

  static final DataInEncoder INSTANCE = new DataInEncoder();
  private static final byte[] PAD = new byte[4];

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof DataIn d) || d.data().length() < 1024) {
      ctx.write(msg, promise);
      return;
    }
    FramingLimits limits = FramingState.of(ctx.channel()).outbound();
    int dsl = d.data().length();
    int pad = PduFramer.padding(dsl);
    ByteBuf header = ctx.alloc().ioBuffer(48 + 4 + 4 + 4);
    byte[] bhs = new byte[48];
    d.writeBhs(bhs);
    header.writeBytes(bhs);
    if (limits.headerDigest()) {
      Crc32c.writeWire(header, Crc32c.of(bhs, 0, 48));
    }
    byte[][] array = new byte[1][];
    // The segment is immutable; its array is only read until the write completes.
    d.data().writeTo((src, off, len) -> array[0] = src);
    ByteBuf data = Unpooled.wrappedBuffer(array[0], 0, dsl);
    ByteBuf tail = null;
    if (pad > 0 || limits.dataDigest()) {
      tail = ctx.alloc().ioBuffer(8);
      tail.writeBytes(PAD, 0, pad);
      if (limits.dataDigest()) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(array[0], 0, dsl);
        crc.update(PAD, 0, pad);
        Crc32c.writeWire(tail, (int) crc.getValue());
      }
    }
    if (promise.isVoid()) {
      ctx.write(header, promise);
      ctx.write(data, promise);
      if (tail != null) {
        ctx.write(tail, promise);
      }
      return;
    }
    PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
    combiner.add(ctx.write(header));
    combiner.add(ctx.write(data));
    if (tail != null) {
      combiner.add(ctx.write(tail));
    }
    combiner.finish(promise);
  }
}
