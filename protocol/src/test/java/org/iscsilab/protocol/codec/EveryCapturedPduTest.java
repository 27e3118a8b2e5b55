package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Sender;
import org.iscsilab.testfixtures.pdu.CapturedStreams;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Not a sample but every PDU of the four captures (1167 in all, 144 of them from a session with
 * CRC32C header digests that the decoder detects on its own): each one decoded from the
 * reassembled TCP stream has, field for field, the values tshark shows for the frame it ends in
 * (golden/NAME.frames.tshark.tsv), and re-encodes to exactly the bytes it was decoded from.
 */
@ExtendWith(NettyLeakDetection.class)
class EveryCapturedPduTest {

  static Stream<Arguments> captures() {
    return Stream.of(Arguments.of("libiscsi-tgt-discovery", 3261, 6), Arguments.of(
        "istgt-read16-zero-length-unanswered", 3262, 31), Arguments.of("libiscsi-tgt-mixed", 3261, 986),
        Arguments.of(GoldenPdus.HEADER_DIGEST_CAPTURE, 3271, 144));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void everyPduDecodesAsTsharkShowsItAndReencodesByteForByte(String capture, int port, int pdus) {
    Map<Integer, Map<String, String>> tshark = GoldenPdus.tsharkByFrame(capture);
    int compared = 0;
    FramingLimits plain = new FramingLimits(false, false, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD);
    for (CapturedStreams.Direction d : CapturedStreams.read(GoldenPdus.capture(capture))) {
      byte[] stream = d.bytes();
      Sender sender = d.toPort() == port ? Sender.INITIATOR : Sender.TARGET;
      PduStreamDecoder decoder = PduStreamDecoder.detecting(sender);
      List<PduStreamDecoder.Event> events = new ArrayList<>(decoder.feed(ByteBuffer.wrap(stream)));
      events.addAll(decoder.finish());
      for (PduStreamDecoder.Event e : events) {
        assertThat(e).isInstanceOf(PduStreamDecoder.Decoded.class);
        PduStreamDecoder.Decoded dec = (PduStreamDecoder.Decoded) e;
        Pdu pdu = dec.pdu();
        assertThat(pdu).isNotInstanceOf(RawPdu.class);
        int frame = d.frameAt(dec.offset() + dec.length() - 1);
        Map<String, String> row = tshark.get(frame);
        assertThat(row).as("tshark row for frame %d", frame).isNotNull();
        Map<String, String> theirs = new LinkedHashMap<>();
        row.forEach((k, v) -> {
          if (!v.isEmpty() && !k.startsWith("scsi.")) {
            theirs.put(k, v);
          }
        });
        Map<String, String> ours = GoldenVectorTest.inTsharkNotation(pdu);
        boolean headerDigest = decoder.headerDigestDetectedAt() >= 0 && dec.offset() >= decoder.headerDigestDetectedAt();
        if (headerDigest) {
          // tshark shows the four wire bytes as a big-endian number.
          int headerLength = 48 + (stream[(int) dec.offset() + 4] & 0xff) * 4;
          ours.put("iscsi.headerdigest32", String.format("0x%08x", ByteBuffer.wrap(stream).getInt(
              (int) dec.offset() + headerLength)));
        }
        assertThat(ours).as("frame %d: %s", frame, pdu).isEqualTo(theirs);
        ByteBuf out = Unpooled.buffer(dec.length());
        PduFramer.encode(pdu, headerDigest ? plain.withDigests(true, false) : plain, out);
        byte[] again = new byte[out.readableBytes()];
        out.readBytes(again);
        out.release();
        assertThat(again).as("frame %d", frame)
            .isEqualTo(Arrays.copyOfRange(stream, (int) dec.offset(), (int) dec.offset() + dec.length()));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(pdus);
  }
}
