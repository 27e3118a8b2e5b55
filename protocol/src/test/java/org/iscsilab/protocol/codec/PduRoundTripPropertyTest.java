package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Pdus;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.iscsilab.testfixtures.pdu.PduGenerators;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For every PDU type, digests off and on: encode → decode is the identity, decode → encode gives
 * the same bytes, and the bytes split anywhere (or fed one at a time) decode the same, through both
 * the Netty decoder and the stream decoder.
 */
@ExtendWith(NettyLeakDetection.class)
class PduRoundTripPropertyTest {

  static Stream<Arguments> typesAndDigests() {
    return PduGenerators.byType().entrySet().stream().flatMap(e -> Stream.of(
        Arguments.of(e.getKey(), false, e.getValue()), Arguments.of(e.getKey(), true, e.getValue())));
  }

  static FramingLimits limits(boolean digests) {
    return new FramingLimits(digests, digests, 65536);
  }

  static byte[] encode(Pdu pdu, FramingLimits limits) {
    // encode fails when encodedLength disagrees with what it writes
    return PduFramer.encode(pdu, limits);
  }

  static Object decode(byte[] wire, FramingLimits limits) {
    ByteBuf in = Unpooled.wrappedBuffer(wire);
    int length = PduFramer.frameLength(in, limits);
    assertThat(length).isEqualTo(wire.length);
    Object o = PduFramer.decode(in, length, limits);
    assertThat(in.isReadable()).isFalse();
    return o;
  }

  @ParameterizedTest(name = "{0}, digests {1}")
  @MethodSource("typesAndDigests")
  void encodeThenDecodeIsTheIdentity(String type, boolean digests, Gen<? extends Pdu> gen) {
    FramingLimits limits = limits(digests);
    qt().withExamples(300).forAll(gen).checkAssert(pdu -> {
      Object back = decode(encode(pdu, limits), limits);
      assertThat(back).isEqualTo(pdu);
      assertThat(back).isNotInstanceOf(RawPdu.class);
    });
  }

  @ParameterizedTest(name = "{0}, digests {1}")
  @MethodSource("typesAndDigests")
  void decodeThenEncodeGivesTheSameBytes(String type, boolean digests, Gen<? extends Pdu> gen) {
    FramingLimits limits = limits(digests);
    qt().withExamples(200).forAll(gen).checkAssert(pdu -> {
      byte[] wire = encode(pdu, limits);
      assertThat(encode((Pdu) decode(wire, limits), limits)).isEqualTo(wire);
    });
  }

  @ParameterizedTest(name = "{0}, digests {1}")
  @MethodSource("typesAndDigests")
  void decodesTheSameSplitAtAnyPoint(String type, boolean digests, Gen<? extends Pdu> gen) {
    FramingLimits limits = limits(digests);
    qt().withExamples(40).forAll(gen, Generate.range(0, 1000), Generate.range(0, 1000)).checkAssert((pdu, a, b) -> {
      byte[] wire = encode(pdu, limits);
      // Two copies back to back, cut at two points anywhere in them.
      byte[] two = new byte[wire.length * 2];
      System.arraycopy(wire, 0, two, 0, wire.length);
      System.arraycopy(wire, 0, two, wire.length, wire.length);
      int x = a % (two.length + 1);
      int y = Math.max(x, b % (two.length + 1));
      List<Object> viaNetty = viaNetty(limits, two, new int[] {x, y});
      assertThat(viaNetty).containsExactly(pdu, pdu);
      List<Object> viaStream = viaStream(limits, two, new int[] {x, y});
      assertThat(viaStream).containsExactly(pdu, pdu);
    });
  }

  @ParameterizedTest(name = "{0}, digests {1}")
  @MethodSource("typesAndDigests")
  void decodesTheSameFedOneByteAtATime(String type, boolean digests, Gen<? extends Pdu> gen) {
    FramingLimits limits = limits(digests);
    qt().withExamples(5).forAll(gen).checkAssert(pdu -> {
      byte[] wire = encode(pdu, limits);
      int[] cuts = new int[wire.length];
      for (int i = 0; i < cuts.length; i++) {
        cuts[i] = i;
      }
      assertThat(viaNetty(limits, wire, cuts)).containsExactly(pdu);
      assertThat(viaStream(limits, wire, cuts)).containsExactly(pdu);
    });
  }

  @ParameterizedTest(name = "{0}, digests {1}")
  @MethodSource("typesAndDigests")
  void streamDecoderDetectsDigestsItWasNotToldAbout(String type, boolean digests, Gen<? extends Pdu> gen) {
    FramingLimits limits = limits(digests);
    qt().withExamples(30).forAll(gen).checkAssert(pdu -> {
      byte[] wire = encode(pdu, limits);
      PduStreamDecoder d = new PduStreamDecoder(null, PduStreamDecoder.DigestMode.DETECT,
          PduStreamDecoder.DigestMode.DETECT, 65536);
      List<PduStreamDecoder.Event> events = new java.util.ArrayList<>(d.feed(ByteBuffer.wrap(wire)));
      events.addAll(d.finish());
      assertThat(events).containsExactly(new PduStreamDecoder.Decoded(0, wire.length, pdu));
      assertThat(d.headerDigest()).isEqualTo(digests ? PduStreamDecoder.DigestMode.ON : PduStreamDecoder.DigestMode.DETECT);
    });
  }

  static List<Object> viaNetty(FramingLimits limits, byte[] wire, int[] cuts) {
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameDecoder());
    FramingState.of(ch).inbound(limits);
    int from = 0;
    for (int cut : cuts) {
      if (cut > from) {
        ch.writeInbound(Unpooled.copiedBuffer(wire, from, cut - from));
        from = cut;
      }
    }
    if (from < wire.length) {
      ch.writeInbound(Unpooled.copiedBuffer(wire, from, wire.length - from));
    }
    List<Object> out = new java.util.ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add(o);
    }
    assertThat(ch.finish()).isFalse();
    return out;
  }

  static List<Object> viaStream(FramingLimits limits, byte[] wire, int[] cuts) {
    PduStreamDecoder d = new PduStreamDecoder(null, limits.headerDigest() ? PduStreamDecoder.DigestMode.ON
        : PduStreamDecoder.DigestMode.OFF, limits.dataDigest() ? PduStreamDecoder.DigestMode.ON
        : PduStreamDecoder.DigestMode.OFF, limits.maxDataSegmentLength());
    List<Object> out = new java.util.ArrayList<>();
    java.util.function.Consumer<PduStreamDecoder.Event> sink = e -> {
      assertThat(e).isInstanceOf(PduStreamDecoder.Decoded.class);
      out.add(((PduStreamDecoder.Decoded) e).pdu());
    };
    int from = 0;
    for (int cut : cuts) {
      if (cut > from) {
        d.feed(ByteBuffer.wrap(wire, from, cut - from), sink);
        from = cut;
      }
    }
    d.feed(ByteBuffer.wrap(wire, from, wire.length - from), sink);
    d.finish(sink);
    return out;
  }

  @org.junit.jupiter.api.Test
  void headersWithReservedBitsSetDecodeAndReencodeByteForByte() {
    qt().withExamples(1000).forAll(PduGenerators.withFlippedHeaderBits()).checkAssert(raw -> {
      Pdu typed = Pdus.decode(raw.bhs(), raw.ahs(), raw.data());
      assertThat(typed.bhs()).isEqualTo(raw.bhs());
      for (boolean digests : new boolean[] {false, true}) {
        FramingLimits limits = new FramingLimits(digests, digests, 65536);
        assertThat(encode(typed, limits)).isEqualTo(encode(raw, limits));
      }
    });
  }
}
