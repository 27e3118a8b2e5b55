package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WireTap sees the exact bytes, PduTap the PDUs, PduHistory keeps the last N; nothing leaks. */
@ExtendWith(NettyLeakDetection.class)
class TapsTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);

  private static byte[] wire(Pdu pdu) {
    return PduFramer.encode(pdu, FramingLimits.LOGIN);
  }

  @Test
  void aListenerThatThrowsNeitherStopsNorLeaksTheTrafficAndIsGivenUpOn() {
    int[] calls = {0};
    WireTap tap = new WireTap(new WireTap.Listener() {
      @Override
      public void onInbound(ByteBuf bytes, long t) {
        calls[0]++;
        throw new IllegalStateException("recording closed");
      }

      @Override
      public void onOutbound(ByteBuf bytes, long t) {
        calls[0]++;
        throw new IllegalStateException("recording closed");
      }
    });
    EmbeddedChannel ch = new EmbeddedChannel(tap, new PduFrameEncoder(), new PduFrameDecoder());
    NopIn pong = new NopIn(0, 1, Pdu.RESERVED_TAG, 4, 5, 6, DataSegment.ofText("abc"));
    assertThat(ch.writeOutbound(pong)).isTrue();
    ByteBuf sent = ch.readOutbound();
    assertThat(ByteBufUtil.getBytes(sent)).isEqualTo(wire(pong));
    sent.release();
    NopOut ping = NopOut.ping(1, 2, 3, DataSegment.ofText("abc"));
    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(wire(ping)))).isTrue();
    assertThat((Object) ch.readInbound()).isEqualTo(ping);
    assertThat(calls[0]).isEqualTo(1);
    assertThat(tap.failure()).hasMessage("recording closed");
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void wireTapSeesTheExactBytesBothWaysWithoutTouchingThem() {
    List<String> seen = new ArrayList<>();
    WireTap tap = new WireTap(new WireTap.Listener() {
      @Override
      public void onInbound(ByteBuf bytes, long t) {
        seen.add("in@" + t + " " + ByteBufUtil.hexDump(bytes));
      }

      @Override
      public void onOutbound(ByteBuf bytes, long t) {
        seen.add("out@" + t + " " + ByteBufUtil.hexDump(bytes));
      }
    }, clock::incrementAndGet);
    EmbeddedChannel ch = new EmbeddedChannel(tap, new PduFrameEncoder(), new PduFrameDecoder());
    NopOut ping = NopOut.ping(1, 2, 3, DataSegment.ofText("abc"));
    NopIn pong = new NopIn(0, 1, Pdu.RESERVED_TAG, 4, 5, 6, DataSegment.ofText("abc"));
    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(wire(ping)))).isTrue();
    assertThat((Object) ch.readInbound()).isEqualTo(ping);
    assertThat(ch.writeOutbound(pong)).isTrue();
    ByteBuf sent = ch.readOutbound();
    assertThat(ByteBufUtil.getBytes(sent)).isEqualTo(wire(pong));
    sent.release();
    assertThat(seen).containsExactly(
        "in@1000001 " + java.util.HexFormat.of().formatHex(wire(ping)),
        "out@1000002 " + java.util.HexFormat.of().formatHex(wire(pong)));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void pduTapSeesDecodedAndOutgoingPdusInOrder() {
    PduHistory history = new PduHistory(8);
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameEncoder(), new PduFrameDecoder(),
        new PduTap(history, clock::incrementAndGet));
    NopOut ping = NopOut.ping(1, 2, 3, DataSegment.EMPTY);
    NopIn pong = new NopIn(0, 1, Pdu.RESERVED_TAG, 4, 5, 6, DataSegment.EMPTY);
    ch.writeInbound(Unpooled.wrappedBuffer(wire(ping)));
    assertThat((Object) ch.readInbound()).isEqualTo(ping);
    ch.writeOutbound(pong);
    ((ByteBuf) ch.readOutbound()).release();
    assertThat(history.entries()).containsExactly(
        new PduHistory.Entry(PduTap.Direction.INBOUND, 1000001, ping),
        new PduHistory.Entry(PduTap.Direction.OUTBOUND, 1000002, pong));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void historyKeepsTheLastNAndDescribesThemOnePerLine() {
    PduHistory history = new PduHistory(3);
    for (int i = 0; i < 5; i++) {
      history.onOutbound(ScsiCommand.builder().read(true).initiatorTaskTag(i).cmdSN(10 + i)
          .cdb(new byte[] {0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0}).build(), 1_000_000L * i);
    }
    assertThat(history.total()).isEqualTo(5);
    assertThat(history.entries()).extracting(e -> e.pdu().initiatorTaskTag()).containsExactly(2, 3, 4);
    String[] lines = history.describe().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo("(2 earlier PDUs not kept)");
    assertThat(lines[1]).isEqualTo("    -2.000 ms  ->  SCSI Command ITT=0x00000002 CmdSN=12 R EDTL=0 CDB=28000000000000000100"); // READ(10): ten bytes
    assertThat(lines[3]).startsWith("     0.000 ms  ->  SCSI Command ITT=0x00000004");
  }
}
