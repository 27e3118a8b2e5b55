package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.Sender;
import org.junit.jupiter.api.Test;

/** Skipping payloads gives the same events as copying them, however the stream is cut. */
class PduStreamDecoderPayloadSkipTest {

  private static final List<Pdu> PDUS = List.of(
      DataIn.builder().initiatorTaskTag(1).finalFlag(false).data(DataSegment.of(new byte[70_001])).build(),
      DataIn.builder().initiatorTaskTag(1).dataSN(1).bufferOffset(70_001).statusPresent(true)
          .data(DataSegment.of(new byte[3])).build(),
      ScsiResponse.builder().initiatorTaskTag(2).status(2).senseData(new byte[] {0x70, 0, 5, 0, 0, 0, 0, 10}).build(),
      DataIn.builder().initiatorTaskTag(3).statusPresent(true).data(DataSegment.of(new byte[262_144])).build(),
      DataIn.builder().initiatorTaskTag(4).build());

  private static byte[] stream(List<? extends Pdu> pdus) {
    ByteBuf b = Unpooled.buffer();
    for (Pdu p : pdus) {
      PduFramer.encode(p, new FramingLimits(false, false, 262_144), b);
    }
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  /** offset, length, opcode and data length of every event: what the pcap analysis uses. */
  private static List<String> events(byte[] bytes, int chunk, boolean skip, int gapAt, int gapLength) {
    PduStreamDecoder d = new PduStreamDecoder(Sender.TARGET, PduStreamDecoder.DigestMode.OFF,
        PduStreamDecoder.DigestMode.OFF, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD);
    if (skip) {
      d.keepingPayloadLengthsOnly();
    }
    List<String> out = new ArrayList<>();
    java.util.function.Consumer<PduStreamDecoder.Event> sink = e -> out.add(describe(e));
    for (int at = 0; at < bytes.length; at += chunk) {
      int end = Math.min(bytes.length, at + chunk);
      if (gapAt >= at && gapAt < end) {
        d.feed(ByteBuffer.wrap(bytes, at, gapAt - at), sink);
        d.gap(gapLength, sink);
        int resume = Math.min(bytes.length, gapAt + gapLength);
        if (resume < end) {
          d.feed(ByteBuffer.wrap(bytes, resume, end - resume), sink);
        }
      } else if (gapAt < 0 || at >= gapAt + gapLength || end <= gapAt) {
        int from = gapAt >= 0 && at < gapAt + gapLength && at > gapAt ? gapAt + gapLength : at;
        if (from < end) {
          d.feed(ByteBuffer.wrap(bytes, from, end - from), sink);
        }
      }
    }
    d.finish(sink);
    return out;
  }

  private static String describe(PduStreamDecoder.Event e) {
    if (e instanceof PduStreamDecoder.Decoded dec) {
      return "PDU@" + dec.offset() + "+" + dec.length() + " " + dec.pdu().opcode().code() + " data "
          + dec.pdu().data().length();
    }
    return e.getClass().getSimpleName() + "@" + e.offset();
  }

  @Test
  void skippedPayloadsKeepTheirLengthsButNotTheirBytes() {
    PduStreamDecoder d = new PduStreamDecoder(Sender.TARGET, PduStreamDecoder.DigestMode.OFF,
        PduStreamDecoder.DigestMode.OFF, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD).keepingPayloadLengthsOnly();
    List<PduStreamDecoder.Event> ev = d.feed(ByteBuffer.wrap(stream(PDUS)));
    assertThat(ev).hasSize(PDUS.size());
    DataSegment first = ((PduStreamDecoder.Decoded) ev.get(0)).pdu().data();
    assertThat(first.length()).isEqualTo(70_001);
    assertThat(first.isRetained()).isFalse();
    // Everything but Data-In/Data-Out keeps its bytes: sense data stays readable.
    assertThat(((ScsiResponse) ((PduStreamDecoder.Decoded) ev.get(2)).pdu()).senseData()).hasSize(8);
  }

  @Test
  void sameEventsAsCopyingForEveryChunkSize() {
    byte[] bytes = stream(PDUS);
    qt().forAll(integers().between(1, 100_000)).checkAssert(chunk ->
        assertThat(events(bytes, chunk, true, -1, 0)).isEqualTo(events(bytes, chunk, false, -1, 0)));
  }

  @Test
  void sameEventsAsCopyingWhenAGapCutsAPayloadOrAHeader() {
    byte[] bytes = stream(PDUS);
    qt().forAll(integers().between(1, 65_536), integers().between(0, bytes.length - 2),
        integers().between(1, 2_000)).checkAssert((chunk, gapAt, gap) ->
        assertThat(events(bytes, chunk, true, gapAt, gap)).isEqualTo(events(bytes, chunk, false, gapAt, gap)));
  }

  @Test
  void dataOutIsSkippedToo() {
    byte[] bytes = stream(List.of(new DataOut(true, 0, 1, 2, 3, 0, 0, DataSegment.of(new byte[9000])),
        NopOut.ping(7, 1, 1, DataSegment.of(new byte[] {1, 2, 3, 4}))));
    PduStreamDecoder d = new PduStreamDecoder(Sender.INITIATOR, PduStreamDecoder.DigestMode.OFF,
        PduStreamDecoder.DigestMode.OFF, 262_144).keepingPayloadLengthsOnly();
    List<PduStreamDecoder.Event> ev = new ArrayList<>();
    d.feed(ByteBuffer.wrap(bytes, 0, 100), ev::add);
    d.feed(ByteBuffer.wrap(bytes, 100, bytes.length - 100), ev::add);
    assertThat(ev).hasSize(2);
    assertThat(((PduStreamDecoder.Decoded) ev.get(0)).pdu().data().isRetained()).isFalse();
    assertThat(((PduStreamDecoder.Decoded) ev.get(1)).pdu().data().toByteArray()).containsExactly(1, 2, 3, 4);
  }
}
