package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
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
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Damaged input (bytes flipped, cut short, garbage) decodes or fails with the codec's own error
 * types — {@link ProtocolException} or a {@link PduDecodeError} value — and nothing else, digests
 * off and on, through the framer, the Netty decoder and the stream decoder.
 */
@ExtendWith(NettyLeakDetection.class)
class MutatedInputPropertyTest {

  /** Two PDUs back to back with 1–8 random bytes changed and possibly cut short. */
  static Gen<byte[]> mutated(FramingLimits limits) {
    Gen<Pdu> any = PduGenerators.any();
    return in -> {
      byte[] a = PduRoundTripPropertyTest.encode(any.generate(in), limits);
      byte[] b = PduRoundTripPropertyTest.encode(any.generate(in), limits);
      byte[] w = new byte[a.length + b.length];
      System.arraycopy(a, 0, w, 0, a.length);
      System.arraycopy(b, 0, w, a.length, b.length);
      int flips = Generate.range(1, 8).generate(in);
      for (int i = 0; i < flips; i++) {
        int at = Generate.range(0, w.length - 1).generate(in);
        w[at] = (byte) (w[at] ^ Generate.range(1, 255).generate(in));
      }
      int keep = Generate.range(0, w.length).generate(in);
      return Generate.booleans().generate(in) ? java.util.Arrays.copyOf(w, keep) : w;
    };
  }

  static void feedNetty(FramingLimits limits, byte[] wire) {
    List<Throwable> caught = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(new PduFrameDecoder(), new ChannelInboundHandlerAdapter() {
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        caught.add(cause);
      }
    });
    FramingState.of(ch).inbound(limits);
    int half = wire.length / 2;
    ch.writeInbound(Unpooled.copiedBuffer(wire, 0, half));
    ch.writeInbound(Unpooled.copiedBuffer(wire, half, wire.length - half));
    for (Object o; (o = ch.readInbound()) != null; ) {
      assertThat(o).isInstanceOfAny(Pdu.class, PduDecodeError.class);
    }
    ch.finish();
    for (Object o; (o = ch.readInbound()) != null; ) {
      assertThat(o).isInstanceOfAny(Pdu.class, PduDecodeError.class);
    }
    assertThat(caught).allSatisfy(t -> assertThat(t).isInstanceOf(ProtocolException.class));
  }

  static void feedFramer(FramingLimits limits, byte[] wire) {
    ByteBuf in = Unpooled.wrappedBuffer(wire);
    try {
      while (in.readableBytes() >= PduFramer.BHS_LENGTH) {
        int length = PduFramer.frameLength(in, limits);
        if (in.readableBytes() < length) {
          break;
        }
        assertThat(PduFramer.decode(in, length, limits)).isInstanceOfAny(Pdu.class, PduDecodeError.class);
      }
    } catch (ProtocolException expected) {
      // The codec's own error: fine.
    }
  }

  static void feedStream(byte[] wire) {
    PduStreamDecoder d = PduStreamDecoder.detecting(null);
    List<PduStreamDecoder.Event> events = new ArrayList<>(d.feed(ByteBuffer.wrap(wire)));
    events.addAll(d.finish());
    long covered = 0;
    for (PduStreamDecoder.Event e : events) {
      assertThat(e.offset()).isEqualTo(covered);
      if (e instanceof PduStreamDecoder.Decoded x) {
        covered += x.length();
      } else if (e instanceof PduStreamDecoder.Failed x) {
        covered += x.length();
      } else if (e instanceof PduStreamDecoder.Skipped x) {
        covered += x.length();
      }
    }
    // Every byte is accounted for exactly once: decoded, failed or skipped.
    assertThat(covered).isEqualTo(wire.length);
  }

  @Test
  void flippedAndTruncatedBytesFailOnlyWithTheCodecsOwnErrors() {
    for (boolean digests : new boolean[] {false, true}) {
      FramingLimits limits = new FramingLimits(digests, digests, 65536);
      qt().withExamples(400).forAll(mutated(limits)).checkAssert(wire -> {
        feedFramer(limits, wire);
        feedNetty(limits, wire);
        feedStream(wire);
      });
    }
  }

  @Test
  void garbageFailsOnlyWithTheCodecsOwnErrors() {
    for (boolean digests : new boolean[] {false, true}) {
      FramingLimits limits = new FramingLimits(digests, digests, 65536);
      qt().withExamples(400).forAll(PduGenerators.garbage()).checkAssert(wire -> {
        feedFramer(limits, wire);
        feedNetty(limits, wire);
        feedStream(wire);
      });
    }
  }

  @Test
  void checksNeverThrowOnDamagedPdus() {
    qt().withExamples(500).forAll(PduGenerators.withFlippedHeaderBits()).checkAssert(raw -> {
      assertThat(PduChecks.check(raw, null, FramingLimits.LOGIN)).isNotNull();
      assertThat(PduChecks.check(raw, Sender.INITIATOR, FramingLimits.LOGIN)).isNotNull();
    });
  }
}
