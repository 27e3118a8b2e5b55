package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.iscsilab.protocol.codec.PduStreamDecoder.Decoded;
import org.iscsilab.protocol.codec.PduStreamDecoder.DigestMode;
import org.iscsilab.protocol.codec.PduStreamDecoder.Event;
import org.iscsilab.protocol.codec.PduStreamDecoder.Failed;
import org.iscsilab.protocol.codec.PduStreamDecoder.Skipped;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.Sender;
import org.iscsilab.testfixtures.pdu.CapturedStreams;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pcap engine's decoder on the real captures, with gaps, garbage and digests it was not told about. */
@ExtendWith(NettyLeakDetection.class)
class PduStreamDecoderTest {

  /** Decodes every direction of a capture segment by segment, as the pcap engine will. */
  static List<Event> decodeCapture(String capture, int port, DigestMode digests) {
    List<Event> events = new ArrayList<>();
    for (CapturedStreams.Direction d : CapturedStreams.read(GoldenPdus.capture(capture))) {
      Sender sender = d.toPort() == port ? Sender.INITIATOR : Sender.TARGET;
      PduStreamDecoder decoder = new PduStreamDecoder(sender, digests, digests, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD);
      for (byte[] segment : d.segments()) {
        decoder.feed(ByteBuffer.wrap(segment), events::add);
      }
      decoder.finish(events::add);
      assertThat(decoder.headerDigest()).isNotEqualTo(DigestMode.ON);
      assertThat(decoder.pending()).isZero();
    }
    return events;
  }

  static Map<String, Integer> opcodeCounts(List<Event> events) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Event e : events) {
      assertThat(e).isInstanceOf(Decoded.class);
      Pdu pdu = ((Decoded) e).pdu();
      assertThat(pdu).isNotInstanceOf(RawPdu.class);
      counts.merge(String.format("0x%02x", pdu.opcode().code()), 1, Integer::sum);
    }
    return counts;
  }

  // Counts: tshark -r captures/FILE -d tcp.port==PORT,iscsi -T fields -e iscsi.opcode (comma lists split).

  @Test
  void findsEveryPduOfTheDiscoveryCaptureAsTsharkDoes() {
    assertThat(opcodeCounts(decodeCapture("libiscsi-tgt-discovery", 3261, DigestMode.DETECT))).isEqualTo(Map.of(
        "0x03", 1, "0x04", 1, "0x06", 1, "0x23", 1, "0x24", 1, "0x26", 1));
  }

  @Test
  void findsEveryPduOfTheIstgtCaptureAsTsharkDoes() {
    assertThat(opcodeCounts(decodeCapture("istgt-read16-zero-length-unanswered", 3262, DigestMode.DETECT)))
        .isEqualTo(Map.of("0x01", 12, "0x03", 2, "0x06", 1, "0x20", 2, "0x21", 3, "0x23", 2, "0x25", 8, "0x26", 1));
  }

  @Test
  void findsAll986PdusOfTheMixedCaptureAsTsharkDoes() {
    Map<String, Integer> counts = opcodeCounts(decodeCapture("libiscsi-tgt-mixed", 3261, DigestMode.DETECT));
    assertThat(counts).isEqualTo(Map.ofEntries(Map.entry("0x01", 458), Map.entry("0x02", 1), Map.entry("0x03", 15),
        Map.entry("0x05", 6), Map.entry("0x06", 14), Map.entry("0x21", 95), Map.entry("0x22", 1), Map.entry("0x23", 15),
        Map.entry("0x25", 361), Map.entry("0x26", 14), Map.entry("0x31", 6)));
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(986);
  }

  @Test
  void findsEveryPduOfARealHeaderDigestSessionAndDetectsTheDigestsWhereTheLoginEnds() {
    List<Event> events = new ArrayList<>();
    int withDigests = 0;
    for (CapturedStreams.Direction d : CapturedStreams.read(GoldenPdus.capture(GoldenPdus.HEADER_DIGEST_CAPTURE))) {
      Sender sender = d.toPort() == 3271 ? Sender.INITIATOR : Sender.TARGET;
      PduStreamDecoder decoder = PduStreamDecoder.detecting(sender);
      List<Event> mine = new ArrayList<>();
      for (byte[] segment : d.segments()) {
        decoder.feed(ByteBuffer.wrap(segment), mine::add);
      }
      decoder.finish(mine::add);
      boolean discovery = mine.stream().anyMatch(e -> (((Decoded) e).pdu().opcode().code() & 0x1f) == 0x04);
      if (discovery) {
        // The digest setting was made on the target's node; the discovery session has none.
        assertThat(decoder.headerDigest()).isEqualTo(DigestMode.DETECT);
      } else {
        // Digests start with the first PDU after the login: the Login Request/Response is PDU 0.
        assertThat(decoder.headerDigest()).isEqualTo(DigestMode.ON);
        assertThat(decoder.headerDigestDetectedAt()).isEqualTo(((Decoded) mine.get(1)).offset());
        assertThat(((Decoded) mine.get(0)).pdu().opcode().code() & 0x1f).isEqualTo(0x03);
        withDigests++;
      }
      assertThat(decoder.dataDigest()).isEqualTo(DigestMode.DETECT); // libiscsi offers no data digests
      events.addAll(mine);
    }
    // tshark -r golden/libiscsi-tgt-header-digest.pcap -d tcp.port==3271,iscsi -T fields -e iscsi.opcode
    assertThat(opcodeCounts(events)).isEqualTo(Map.ofEntries(Map.entry("0x01", 55), Map.entry("0x03", 8),
        Map.entry("0x04", 1), Map.entry("0x05", 1), Map.entry("0x06", 7), Map.entry("0x21", 28), Map.entry("0x23", 8),
        Map.entry("0x24", 1), Map.entry("0x25", 27), Map.entry("0x26", 7), Map.entry("0x31", 1)));
    assertThat(withDigests).isEqualTo(14); // 7 sessions with digests, both directions
  }

  @Test
  void decodesTheSameWhenToldDigestsAreOff() {
    assertThat(decodeCapture("libiscsi-tgt-mixed", 3261, DigestMode.OFF))
        .isEqualTo(decodeCapture("libiscsi-tgt-mixed", 3261, DigestMode.DETECT));
  }

  /** The longest initiator direction of the mixed capture. */
  static byte[] initiatorStream() {
    return CapturedStreams.read(GoldenPdus.capture("libiscsi-tgt-mixed")).stream()
        .filter(d -> d.toPort() == 3261).max((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow().bytes();
  }

  static List<Event> decodeAll(PduStreamDecoder d, byte[] bytes) {
    List<Event> events = new ArrayList<>(d.feed(ByteBuffer.wrap(bytes)));
    events.addAll(d.finish());
    return events;
  }

  @Test
  void resynchronisesAfterAGapAndReportsTheBytesSkipped() {
    byte[] stream = initiatorStream();
    List<Event> whole = decodeAll(PduStreamDecoder.detecting(Sender.INITIATOR), stream);
    Decoded third = (Decoded) whole.get(2);
    int gapAt = (int) third.offset() + 20; // 20 bytes into the third PDU's BHS
    int gapLength = 100;
    PduStreamDecoder d = PduStreamDecoder.detecting(Sender.INITIATOR);
    List<Event> events = new ArrayList<>(d.feed(ByteBuffer.wrap(stream, 0, gapAt)));
    d.gap(gapLength, events::add);
    d.feed(ByteBuffer.wrap(stream, gapAt + gapLength, stream.length - gapAt - gapLength), events::add);
    d.finish(events::add);

    assertThat(events.subList(0, 2)).isEqualTo(whole.subList(0, 2));
    assertThat(events.get(2)).isInstanceOf(Skipped.class);
    Skipped skipped = (Skipped) events.get(2);
    assertThat(skipped.offset()).isEqualTo(third.offset());
    assertThat(skipped.reason()).contains("gap of 100 bytes");
    // Everything after the resynchronisation point is exactly what the unbroken stream gave.
    long resumedAt = skipped.offset() + skipped.length();
    List<Event> expectedTail = whole.stream().filter(e -> e.offset() >= resumedAt).toList();
    assertThat(events.subList(3, events.size())).isEqualTo(expectedTail);
    assertThat(expectedTail).hasSizeGreaterThan(whole.size() - 10);
  }

  @Test
  void skipsGarbageBeforeTheFirstPdu() {
    byte[] stream = initiatorStream();
    byte[] garbage = new byte[333];
    Arrays.fill(garbage, (byte) 0xee);
    byte[] all = new byte[garbage.length + stream.length];
    System.arraycopy(garbage, 0, all, 0, garbage.length);
    System.arraycopy(stream, 0, all, garbage.length, stream.length);
    List<Event> events = decodeAll(PduStreamDecoder.detecting(Sender.INITIATOR), all);
    assertThat(events.get(0)).isEqualTo(new Skipped(0, 333, "no BHS of the initiator at this offset (lost framing)"));
    assertThat(events.subList(1, events.size())).allSatisfy(e -> assertThat(e).isInstanceOf(Decoded.class));
    assertThat(events.get(1).offset()).isEqualTo(333);
  }

  /** The golden PDUs of a capture re-encoded with digests on, as a target with digests would send them. */
  static byte[] withDigests(List<GoldenPdus.GoldenPdu> golden, FramingLimits limits, List<Pdu> pdus) {
    ByteBuf out = Unpooled.buffer();
    for (GoldenPdus.GoldenPdu g : golden) {
      Pdu p = GoldenVectorTest.decode(g.wire(), new FramingLimits(false, false, 16777215));
      pdus.add(p);
      PduFramer.encode(p, limits, out);
    }
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    out.release();
    return b;
  }

  @Test
  void detectsHeaderAndDataDigestsWhenTheLoginWasNotCaptured() {
    List<GoldenPdus.GoldenPdu> targetPdus = GoldenPdus.of("libiscsi-tgt-mixed").stream()
        .filter(g -> g.sender() == Sender.TARGET).toList();
    List<Pdu> expected = new ArrayList<>();
    byte[] wire = withDigests(targetPdus, new FramingLimits(true, true, 16777215), expected);
    PduStreamDecoder d = PduStreamDecoder.detecting(Sender.TARGET);
    List<Event> events = decodeAll(d, wire);
    assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(Decoded.class));
    assertThat(events.stream().map(e -> ((Decoded) e).pdu()).toList()).isEqualTo(expected);
    assertThat(d.headerDigest()).isEqualTo(DigestMode.ON);
    assertThat(d.dataDigest()).isEqualTo(DigestMode.ON);
    assertThat(d.headerDigestDetectedAt()).isZero();
  }

  @Test
  void detectsDigestsSwitchedOnAfterTheLogin() {
    List<GoldenPdus.GoldenPdu> golden = GoldenPdus.of("libiscsi-tgt-discovery").stream()
        .filter(g -> g.sender() == Sender.INITIATOR).toList();
    List<Pdu> expected = new ArrayList<>();
    byte[] login = withDigests(golden.subList(0, 1), new FramingLimits(false, false, 16777215), expected);
    byte[] after = withDigests(golden.subList(1, golden.size()), new FramingLimits(true, true, 16777215), expected);
    byte[] all = Arrays.copyOf(login, login.length + after.length);
    System.arraycopy(after, 0, all, login.length, after.length);
    PduStreamDecoder d = PduStreamDecoder.detecting(Sender.INITIATOR);
    List<Event> events = decodeAll(d, all);
    assertThat(events.stream().map(e -> ((Decoded) e).pdu()).toList()).isEqualTo(expected);
    assertThat(d.headerDigestDetectedAt()).isEqualTo(login.length);
  }

  @Test
  void aDataDigestErrorIsReportedAndTheStreamGoesOn() {
    FramingLimits limits = new FramingLimits(true, true, 8192);
    NopOut ping = NopOut.ping(7, 1, 1, DataSegment.ofText("ping"));
    ByteBuf out = Unpooled.buffer();
    PduFramer.encode(ping.toRaw().withDataDigest(0x12345678), limits, out);
    PduFramer.encode(ping, limits, out);
    byte[] wire = new byte[out.readableBytes()];
    out.readBytes(wire);
    out.release();
    PduStreamDecoder d = new PduStreamDecoder(Sender.INITIATOR, DigestMode.ON, DigestMode.ON, 8192);
    List<Event> events = decodeAll(d, wire);
    assertThat(events).hasSize(2);
    Failed failed = (Failed) events.get(0);
    assertThat(failed.error().error().rejectReason()).contains(RejectReason.DATA_DIGEST_ERROR);
    assertThat(events.get(1)).isEqualTo(new Decoded(wire.length / 2, wire.length / 2, ping));
  }

  @Test
  void aStreamEndingInsideAPduReportsTheRestAsSkipped() {
    byte[] stream = initiatorStream();
    List<Event> whole = decodeAll(PduStreamDecoder.detecting(Sender.INITIATOR), stream);
    Decoded second = (Decoded) whole.get(1);
    int cut = (int) second.offset() + 30;
    List<Event> events = decodeAll(PduStreamDecoder.detecting(Sender.INITIATOR), Arrays.copyOf(stream, cut));
    assertThat(events).containsExactly(whole.get(0), new Skipped(second.offset(), 30, "the stream ends inside a PDU"));
  }

  @Test
  void aDamagedHeaderUnderHeaderDigestIsSkippedWithoutWaitingForItsBody() {
    FramingLimits limits = new FramingLimits(true, false, 65536);
    NopOut ping = NopOut.ping(7, 1, 1, DataSegment.EMPTY);
    ByteBuf out = Unpooled.buffer();
    PduFramer.encode(ping, limits, out);
    PduFramer.encode(ping, limits, out);
    byte[] wire = new byte[out.readableBytes()];
    out.readBytes(wire);
    out.release();
    wire[5] = 0x01; // first PDU: DataSegmentLength 65536, header digest broken
    PduStreamDecoder d = new PduStreamDecoder(Sender.INITIATOR, DigestMode.ON, DigestMode.OFF, 65536);
    List<Event> events = d.feed(ByteBuffer.wrap(wire)); // no finish(): nothing may wait for 64 KiB
    assertThat(events).containsExactly(
        new Skipped(0, 52, "header digest error (lost framing or damaged header)"),
        new Decoded(52, 52, ping));
  }
}
