package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RejectReason;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class PduFrameCodecTest {

  private static EmbeddedChannel channel(FramingLimits limits) {
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameEncoder(), new PduFrameDecoder());
    FramingState.of(ch).inbound(limits);
    FramingState.of(ch).outbound(limits);
    return ch;
  }

  private static ByteBuf encode(Pdu pdu, FramingLimits limits) {
    EmbeddedChannel ch = channel(limits);
    assertThat(ch.writeOutbound(pdu)).isTrue();
    ByteBuf b = ch.readOutbound();
    assertThat(ch.finish()).isFalse();
    return b;
  }

  @Test
  void crc32cOfThirtyTwoZeroBytesIsTheRfcVector() {
    // RFC 3720 Appendix B.4: 32 bytes of zeros → aa 36 91 8a on the wire.
    ByteBuf b = Unpooled.buffer();
    Crc32c.writeWire(b, Crc32c.of(new byte[32], 0, 32));
    assertThat(HexFormat.of().formatHex(b.array(), 0, 4)).isEqualTo("aa36918a");
    b.release();
  }

  @Test
  void dataInWithDigestsDecodesByteByByte() {
    FramingLimits limits = new FramingLimits(true, true, 262144);
    DataIn pdu = DataIn.builder().initiatorTaskTag(9).data(DataSegment.of(new byte[8191])).build();
    ByteBuf wire = encode(pdu, limits);
    assertThat(wire.readableBytes()).isEqualTo(48 + 4 + 8191 + 1 + 4);
    EmbeddedChannel rx = channel(limits);
    while (wire.isReadable()) {
      rx.writeInbound(wire.readRetainedSlice(1));
    }
    wire.release();
    assertThat((Object) rx.readInbound()).isEqualTo(pdu);
    assertThat((Object) rx.readInbound()).isNull();
    assertThat(rx.finish()).isFalse();
  }

  @Test
  void badDataDigestIsAPduLevelErrorCarryingTheHeader() {
    FramingLimits limits = new FramingLimits(true, true, 8192);
    ByteBuf wire = encode(NopOut.ping(1, 2, 3, DataSegment.of(new byte[] {1, 2, 3, 4})).toRaw().withDataDigest(0),
        limits);
    EmbeddedChannel rx = channel(limits);
    rx.writeInbound(wire);
    PduDecodeError err = rx.readInbound();
    assertThat(err.header()).hasSize(48);
    assertThat(err.error().scope()).isEqualTo(ProtocolException.Scope.PDU);
    assertThat(err.error().rejectReason()).contains(RejectReason.DATA_DIGEST_ERROR);
    assertThat(rx.finish()).isFalse();
  }

  @Test
  void rejectsDataSegmentLongerThanMaxRecvBeforeTheBodyArrives() {
    FramingLimits limits = new FramingLimits(false, false, 8192);
    ByteBuf header = Unpooled.wrappedBuffer(
        NopOut.ping(1, 2, 3, DataSegment.EMPTY).toRaw().withDataSegmentLengthField(1 << 20).bhs());
    EmbeddedChannel rx = channel(limits);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rx.writeInbound(header))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("1048576")
        .hasMessageContaining("MaxRecvDataSegmentLength 8192");
    assertThat(rx.finish()).isFalse();
  }

  @Test
  void damagedLengthUnderHeaderDigestIsAHeaderDigestErrorNotAWaitForTheBody() {
    FramingLimits limits = new FramingLimits(true, true, 65536);
    ByteBuf wire = encode(NopOut.ping(1, 2, 3, DataSegment.EMPTY), limits);
    wire.setByte(6, 0x10); // DataSegmentLength now 4096 (within the limit), header digest no longer matches
    EmbeddedChannel rx = channel(limits);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rx.writeInbound(wire))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("header digest error")
        .hasMessageContaining("RFC 7143 §7.8");
    assertThat(rx.finish()).isFalse();
  }
}
