package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The encoder writes a RawPdu verbatim: a wrong length, reserved bits or a wrong digest go out as built. */
@ExtendWith(NettyLeakDetection.class)
class RawPduEncodingTest {

  private static byte[] send(RawPdu raw, FramingLimits limits) {
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameEncoder());
    FramingState.of(ch).outbound(limits);
    assertThat(ch.writeOutbound(raw)).isTrue();
    ByteBuf b = ch.readOutbound();
    byte[] out = ByteBufUtil.getBytes(b);
    b.release();
    assertThat(ch.finish()).isFalse();
    return out;
  }

  private static final RawPdu PING = NopOut.ping(0x11, 2, 3, DataSegment.ofText("abcd")).toRaw();

  @Test
  void wrongDataSegmentLengthGoesOutAsWritten() {
    byte[] out = send(PING.withDataSegmentLengthField(1000), FramingLimits.LOGIN);
    assertThat(HexFormat.of().formatHex(out, 4, 8)).isEqualTo("000003e8"); // TotalAHSLength 0, DSL 1000
    assertThat(out).hasSize(48 + 4); // the four data bytes really sent, no padding needed
  }

  @Test
  void reservedBitsGoOutAsWritten() {
    byte[] out = send(PING.withByte(2, 0xa5).withByte(0, 0x80 | 0x40), FramingLimits.LOGIN);
    assertThat(out[0] & 0xff).isEqualTo(0xc0); // reserved bit 7, I bit, opcode NOP-Out
    assertThat(out[2] & 0xff).isEqualTo(0xa5);
  }

  @Test
  void wrongDigestsGoOutAsWritten() {
    byte[] out = send(PING.withHeaderDigest(0xdeadbeef).withDataDigest(0x01020304),
        new FramingLimits(true, true, 8192));
    assertThat(out).hasSize(48 + 4 + 4 + 4);
    assertThat(HexFormat.of().formatHex(out, 48, 52)).isEqualTo("efbeadde"); // header digest, little-endian on the wire
    assertThat(HexFormat.of().formatHex(out, 56, 60)).isEqualTo("04030201");
  }

  @Test
  void digestsAreLeftOutWhenNotNegotiatedEvenIfOverridden() {
    assertThat(send(PING.withHeaderDigest(1).withDataDigest(2), FramingLimits.LOGIN)).hasSize(48 + 4);
  }

  @Test
  void rawBytesOfAValidPduEqualTheTypedEncoding() {
    NopOut ping = NopOut.ping(0x11, 2, 3, DataSegment.ofText("abcde"));
    FramingLimits digests = new FramingLimits(true, true, 8192);
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameEncoder());
    FramingState.of(ch).outbound(digests);
    ch.writeOutbound(ping);
    ByteBuf typed = ch.readOutbound();
    assertThat(send(ping.toRaw(), digests)).isEqualTo(ByteBufUtil.getBytes(typed));
    typed.release();
    assertThat(ch.finish()).isFalse();
  }
}
