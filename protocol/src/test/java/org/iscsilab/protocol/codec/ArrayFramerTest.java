package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Sender;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.iscsilab.testfixtures.pdu.PduGenerators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pcap decoder's array framing ({@link ArrayFramer}) answers exactly as {@link PduFramer} does
 * over a {@code ByteBuf} — plausibility, digests, lengths, decoded PDUs and error messages — on
 * well-formed, damaged and random bytes, at every offset.
 */
@ExtendWith(NettyLeakDetection.class)
class ArrayFramerTest {

  private static final Sender[] SENDERS = {null, Sender.INITIATOR, Sender.TARGET};

  /** What a framing call gave: a value, or the message of the codec's exception. */
  private static String outcome(java.util.function.Supplier<Object> call) {
    try {
      Object o = call.get();
      if (o instanceof Pdu p) {
        return "PDU " + p.getClass().getSimpleName() + " " + p;
      }
      return String.valueOf(o);
    } catch (ProtocolException e) {
      return "ProtocolException " + e.getMessage();
    }
  }

  private static void sameAnswersEverywhere(byte[] wire, FramingLimits limits) {
    ByteBuf in = Unpooled.wrappedBuffer(wire);
    try {
      for (int at = 0; at + PduFramer.BHS_LENGTH <= wire.length; at++) {
        for (Sender s : SENDERS) {
          assertThat(ArrayFramer.isPlausibleHeader(wire, at, s, limits))
              .as("plausible at %d for %s", at, s).isEqualTo(PduFramer.isPlausibleHeader(in, at, s, limits));
        }
        int headerLength = PduFramer.BHS_LENGTH + (wire[at + 4] & 0xff) * 4;
        if (at + headerLength + 4 <= wire.length) {
          assertThat(ArrayFramer.headerDigestMatches(wire, at)).isEqualTo(PduFramer.headerDigestMatches(in, at));
        }
        int from = at;
        in.readerIndex(from);
        String viaBuf = outcome(() -> PduFramer.checkedFrameLength(in, limits));
        String viaArray = outcome(() -> ArrayFramer.checkedFrameLength(wire, from, wire.length - from, limits));
        assertThat(viaArray).as("frame length at %d", at).isEqualTo(viaBuf);
        if (!viaBuf.startsWith("ProtocolException")) {
          int frame = Integer.parseInt(viaBuf);
          if (frame > 0 && at + frame <= wire.length) {
            in.readerIndex(from);
            String decodedBuf = outcome(() -> PduFramer.decode(in, frame, limits));
            String decodedArray = outcome(() -> ArrayFramer.decode(wire, from, frame, limits));
            assertThat(decodedArray).as("decoded at %d", at).isEqualTo(decodedBuf);
          }
        }
      }
    } finally {
      in.release();
    }
  }

  @Test
  void sameAnswersAsTheByteBufFramerOnDamagedPdus() {
    for (boolean digests : new boolean[] {false, true}) {
      FramingLimits limits = new FramingLimits(digests, digests, 65536);
      qt().withExamples(150).forAll(MutatedInputPropertyTest.mutated(limits))
          .checkAssert(wire -> sameAnswersEverywhere(wire, limits));
    }
  }

  @Test
  void sameAnswersAsTheByteBufFramerOnWellFormedPdus() {
    for (boolean digests : new boolean[] {false, true}) {
      FramingLimits limits = new FramingLimits(digests, digests, 65536);
      qt().withExamples(200).forAll(PduGenerators.any())
          .checkAssert(pdu -> sameAnswersEverywhere(PduRoundTripPropertyTest.encode(pdu, limits), limits));
    }
  }

  @Test
  void sameAnswersAsTheByteBufFramerOnGarbage() {
    FramingLimits limits = new FramingLimits(true, true, 65536);
    qt().withExamples(200).forAll(PduGenerators.garbage()).checkAssert(wire -> sameAnswersEverywhere(wire, limits));
  }

  /** offset, length and kind of every event, and the opcode and data length of decoded PDUs. */
  private static List<String> events(byte[] wire, int chunk) {
    PduStreamDecoder d = new PduStreamDecoder(null, PduStreamDecoder.DigestMode.OFF, PduStreamDecoder.DigestMode.OFF,
        65536).keepingPayloadLengthsOnly();
    List<String> out = new ArrayList<>();
    java.util.function.Consumer<PduStreamDecoder.Event> sink = e -> out.add(e instanceof PduStreamDecoder.Decoded x
        ? "PDU@" + x.offset() + "+" + x.length() + " " + x.pdu().opcode().code() + " " + x.pdu().data().length()
        : e.toString());
    for (int at = 0; at < wire.length; at += chunk) {
      d.feed(ByteBuffer.wrap(wire, at, Math.min(chunk, wire.length - at)), sink);
    }
    d.finish(sink);
    return out;
  }

  @Test
  void skippingDecoderGivesTheSameEventsHoweverADamagedStreamIsCut() {
    FramingLimits limits = new FramingLimits(false, false, 65536);
    qt().withExamples(300).forAll(MutatedInputPropertyTest.mutated(limits), integers().between(1, 200))
        .checkAssert((wire, chunk) -> assertThat(events(wire, chunk)).isEqualTo(events(wire, wire.length + 1)));
  }
}
