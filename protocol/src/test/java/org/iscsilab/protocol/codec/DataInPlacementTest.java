package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.Random;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The decoder copying a Data-In payload straight into the buffer a {@link DataInPlacement} names. */
@ExtendWith(NettyLeakDetection.class)
class DataInPlacementTest {

  private static final FramingLimits PLAIN = new FramingLimits(false, false, 262144);
  private static final FramingLimits DIGESTS = new FramingLimits(true, true, 262144);

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static DataIn dataIn(int itt, int offset, byte[] data) {
    return DataIn.builder().initiatorTaskTag(itt).bufferOffset(offset).data(DataSegment.of(data)).build();
  }

  private static ByteBuf encode(Pdu pdu, FramingLimits limits) {
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameEncoder());
    FramingState.of(ch).outbound(limits);
    assertThat(ch.writeOutbound(pdu)).isTrue();
    ByteBuf b = ch.readOutbound();
    assertThat(ch.finish()).isFalse();
    return b;
  }

  /** Feeds {@code wire} in chunks of {@code chunk} bytes (so frames straddle reads) and returns what came out. */
  private static Object decodeOne(ByteBuf wire, FramingLimits limits, DataInPlacement placement, int chunk) {
    EmbeddedChannel rx = new EmbeddedChannel(new PduFrameDecoder());
    FramingState.of(rx).inbound(limits);
    FramingState.of(rx).dataInPlacement(placement);
    while (wire.isReadable()) {
      rx.writeInbound(wire.readRetainedSlice(Math.min(chunk, wire.readableBytes())));
    }
    wire.release();
    Object o = rx.readInbound();
    assertThat((Object) rx.readInbound()).isNull();
    assertThat(rx.finish()).isFalse();
    return o;
  }

  @Test
  void payloadLandsInTheNamedBufferAtItsOffsetAndThePduCarriesOnlyTheLength() {
    for (FramingLimits limits : new FramingLimits[] {PLAIN, DIGESTS}) {
      byte[] data = bytes(65533, 1); // not a multiple of 4: padding must stay out of the buffer
      byte[] dst = new byte[70000];
      Arrays.fill(dst, (byte) 0x5a);
      int[] asked = new int[3];
      Object o = decodeOne(encode(dataIn(7, 4000, data), limits), limits, (itt, off, len) -> {
        asked[0] = itt;
        asked[1] = off;
        asked[2] = len;
        return dst;
      }, 1000);
      assertThat(asked).containsExactly(7, 4000, 65533);
      DataIn d = (DataIn) o;
      assertThat(d.data().isRetained()).isFalse();
      assertThat(d.data().length()).isEqualTo(65533);
      assertThat(d.bufferOffset()).isEqualTo(4000);
      assertThat(Arrays.copyOfRange(dst, 4000, 4000 + 65533)).isEqualTo(data);
      assertThat(dst[3999]).isEqualTo((byte) 0x5a);
      assertThat(dst[4000 + 65533]).isEqualTo((byte) 0x5a);
    }
  }

  @Test
  void withoutADestinationOrWhenItDoesNotFitThePduKeepsItsBytes() {
    byte[] data = bytes(4096, 2);
    Object none = decodeOne(encode(dataIn(7, 0, data), PLAIN), PLAIN, (itt, off, len) -> null, 512);
    assertThat(((DataIn) none).data().toByteArray()).isEqualTo(data);

    byte[] small = new byte[4096];
    Object past = decodeOne(encode(dataIn(7, 1, data), PLAIN), PLAIN, (itt, off, len) -> small, 512);
    assertThat(((DataIn) past).data().toByteArray()).isEqualTo(data);
    assertThat(small).containsOnly(0);

    byte[] big = new byte[1 << 20];
    Object negative = decodeOne(encode(dataIn(7, 0x80000000, data), PLAIN), PLAIN, (itt, off, len) -> big, 512);
    assertThat(((DataIn) negative).data().toByteArray()).isEqualTo(data);
  }

  @Test
  void withoutAnArrayTheConsumerSeesThePayloadInPlaceReadOnly() {
    for (FramingLimits limits : new FramingLimits[] {PLAIN, DIGESTS}) {
      byte[] data = bytes(10001, 5);
      byte[] seen = new byte[10001];
      int[] at = {-1};
      Object o = decodeOne(encode(dataIn(9, 20000, data), limits), limits, new DataInPlacement() {
        @Override
        public byte[] destination(int itt, int off, int len) {
          return null;
        }

        @Override
        public boolean consume(int itt, int off, ByteBuf payload) {
          assertThat(itt).isEqualTo(9);
          assertThat(payload.isReadOnly()).isTrue();
          at[0] = off;
          payload.getBytes(payload.readerIndex(), seen);
          return true;
        }
      }, 777);
      assertThat(at[0]).isEqualTo(20000);
      assertThat(seen).isEqualTo(data);
      assertThat(((DataIn) o).data().isRetained()).isFalse();
      assertThat(((DataIn) o).data().length()).isEqualTo(10001);
    }
  }

  @Test
  void otherPdusAreNeverPlaced() {
    byte[] data = bytes(100, 3);
    NopIn nop = new NopIn(0, 7, 0xffffffff, 1, 1, 1, DataSegment.of(data));
    Object o = decodeOne(encode(nop, PLAIN), PLAIN, (itt, off, len) -> {
      throw new AssertionError("asked for a NOP-In");
    }, 4096);
    assertThat(((NopIn) o).data().toByteArray()).isEqualTo(data);
  }

  @Test
  void aDataDigestErrorIsReportedAndNothingIsPlaced() {
    byte[] data = bytes(8192, 4);
    ByteBuf wire = encode(dataIn(7, 0, data), DIGESTS);
    int lastDigestByte = wire.writerIndex() - 1;
    wire.setByte(lastDigestByte, wire.getByte(lastDigestByte) ^ 1);
    byte[] dst = new byte[8192];
    Object o = decodeOne(wire, DIGESTS, (itt, off, len) -> dst, 3000);
    assertThat(o).isInstanceOf(PduDecodeError.class);
    assertThat(((PduDecodeError) o).error().getMessage()).contains("data digest error");
    assertThat(dst).containsOnly(0);
  }
}
