package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.pdu.AdditionalHeaderSegment;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Opcode;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Pdus;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.Sender;

/**
 * The framing of one PDU (RFC 7143 §11.2): BHS, AHS, header digest, data segment, padding, data
 * digest. Netty-independent beyond {@link ByteBuf}, so that the channel decoder and the pcap
 * engine share it. Lengths are checked against the limits before the rest of the PDU is awaited.
 */
public final class PduFramer {

  public static final int BHS_LENGTH = 48;

  private PduFramer() {}

  /** Padding after a data segment of {@code length} bytes. */
  public static int padding(int length) {
    return (4 - (length & 3)) & 3;
  }

  /**
   * The total wire length of the PDU whose BHS starts at {@code in.readerIndex()}, once at least 48
   * bytes are readable; validates TotalAHSLength and DataSegmentLength first.
   *
   * @throws ProtocolException (connection scope) if the declared data segment exceeds the limit
   */
  public static int frameLength(ByteBuf in, FramingLimits limits) {
    int r = in.readerIndex();
    int ahsLength = in.getUnsignedByte(r + 4) * 4;
    int dsl = in.getUnsignedMedium(r + 5);
    if (dsl > limits.maxDataSegmentLength()) {
      int opcode = in.getByte(r) & 0x3f;
      throw ProtocolException.connection("RFC 7143 §13.12", String.format(
          "PDU with opcode 0x%02x declares a data segment of %d bytes, beyond MaxRecvDataSegmentLength %d",
          opcode, dsl, limits.maxDataSegmentLength()));
    }
    int len = BHS_LENGTH + ahsLength + (limits.headerDigest() ? 4 : 0);
    if (dsl > 0) {
      len += dsl + padding(dsl) + (limits.dataDigest() ? 4 : 0);
    }
    return len;
  }

  /**
   * Decodes one whole PDU of {@code frameLength} bytes starting at the reader index and advances
   * past it. Returns a {@link Pdu}, or a {@link PduDecodeError} for a PDU-level error.
   *
   * @throws ProtocolException (connection scope) on a header digest error or malformed AHS
   */
  public static Object decode(ByteBuf in, int frameLength, FramingLimits limits) {
    int start = in.readerIndex();
    int ahsLength = in.getUnsignedByte(start + 4) * 4;
    int dsl = in.getUnsignedMedium(start + 5);
    byte[] bhs = new byte[BHS_LENGTH];
    in.getBytes(start, bhs);
    byte[] ahs = new byte[ahsLength];
    in.getBytes(start + BHS_LENGTH, ahs);
    int pos = start + BHS_LENGTH + ahsLength;
    if (limits.headerDigest()) {
      int expected = Crc32c.of(in, start, BHS_LENGTH + ahsLength);
      int actual = Crc32c.readWire(in, pos);
      if (expected != actual) {
        in.readerIndex(start + frameLength);
        // The header cannot be trusted, so neither can its lengths: RFC 7143 §7.8 says to
        // discard and, at ERL 0, to close the connection.
        throw ProtocolException.connection("RFC 7143 §7.8", String.format(
            "header digest error: received 0x%08x, computed 0x%08x over the %d-byte header",
            actual, expected, BHS_LENGTH + ahsLength));
      }
      pos += 4;
    }
    DataSegment data = DataSegment.EMPTY;
    if (dsl > 0) {
      byte[] d = new byte[dsl];
      in.getBytes(pos, d);
      if (limits.dataDigest()) {
        int expected = Crc32c.of(in, pos, dsl + padding(dsl));
        int actual = Crc32c.readWire(in, pos + dsl + padding(dsl));
        if (expected != actual) {
          in.readerIndex(start + frameLength);
          byte[] header = new byte[BHS_LENGTH + ahsLength];
          System.arraycopy(bhs, 0, header, 0, BHS_LENGTH);
          System.arraycopy(ahs, 0, header, BHS_LENGTH, ahsLength);
          return new PduDecodeError(header, ProtocolException.pdu("RFC 7143 §7.8",
              RejectReason.DATA_DIGEST_ERROR, String.format(
                  "data digest error: received 0x%08x, computed 0x%08x over %d data bytes", actual, expected, dsl)));
        }
      }
      data = DataSegment.wrap(d);
    }
    in.readerIndex(start + frameLength);
    return Pdus.decode(bhs, ahs, data);
  }

  /**
   * Whether the 48 bytes at absolute {@code index} look like a BHS a {@code sender} would send
   * (for resynchronising a stream after a gap): reserved bit 7 of byte 0 clear, a defined opcode
   * of that sender (any sender when null), no I bit on a target PDU, TotalAHSLength 0 except on
   * a SCSI Command, a DataSegmentLength within {@code limits} and 0 where the PDU has no data
   * segment, and the F bit set where it is always 1. Needs 48 readable bytes at {@code index}.
   */
  public static boolean isPlausibleHeader(ByteBuf in, int index, Sender sender, FramingLimits limits) {
    int b0 = in.getUnsignedByte(index);
    if ((b0 & 0x80) != 0) {
      return false;
    }
    Opcode opcode = Opcode.of(b0);
    if (!opcode.isKnown() || (sender != null && Sender.of(opcode) != sender)) {
      return false;
    }
    if (!opcode.isInitiatorOpcode() && (b0 & 0x40) != 0) {
      return false;
    }
    int ahsWords = in.getUnsignedByte(index + 4);
    if (ahsWords != 0 && (opcode.code() != 0x01 || ahsWords > MAX_PLAUSIBLE_AHS_WORDS)) {
      return false;
    }
    int dsl = in.getUnsignedMedium(index + 5);
    if (dsl > limits.maxDataSegmentLength() || (dsl != 0 && Pdus.carriesNoData(opcode.code()))) {
      return false;
    }
    return !opcode.hasFixedFinalBit() || (in.getUnsignedByte(index + 1) & 0x80) != 0;
  }

  /** An Extended CDB of 260 bytes with a bidirectional-length AHS fits in 68 words. */
  private static final int MAX_PLAUSIBLE_AHS_WORDS = 68;

  /**
   * Whether the four bytes after the BHS and AHS at absolute {@code index} are their CRC32C: how a
   * header digest is recognised in a stream whose login was not seen. Needs the header and four
   * more bytes readable.
   */
  public static boolean headerDigestMatches(ByteBuf in, int index) {
    int headerLength = BHS_LENGTH + in.getUnsignedByte(index + 4) * 4;
    return Crc32c.of(in, index, headerLength) == Crc32c.readWire(in, index + headerLength);
  }

  /** The exact number of bytes {@code pdu} occupies on the wire under {@code limits}. */
  public static int encodedLength(Pdu pdu, FramingLimits limits) {
    int ahs = ahsLength(pdu);
    int dsl = pdu.data().length();
    return BHS_LENGTH + ahs + (limits.headerDigest() ? 4 : 0)
        + (dsl > 0 ? dsl + padding(dsl) + (limits.dataDigest() ? 4 : 0) : 0);
  }

  private static int ahsLength(Pdu pdu) {
    if (pdu instanceof RawPdu r) {
      return r.ahs().length;
    }
    int n = 0;
    for (AdditionalHeaderSegment a : pdu.additionalHeaderSegments()) {
      n += a.wireLength();
    }
    return n;
  }

  /** Writes {@code pdu} with digests per {@code limits}; a {@link RawPdu}'s digest overrides win. */
  public static void encode(Pdu pdu, FramingLimits limits, ByteBuf out) {
    int start = out.writerIndex();
    byte[] bhs = new byte[BHS_LENGTH];
    pdu.writeBhs(bhs);
    out.writeBytes(bhs);
    OptionalInt headerOverride = OptionalInt.empty();
    OptionalInt dataOverride = OptionalInt.empty();
    if (pdu instanceof RawPdu r) {
      out.writeBytes(r.ahs());
      headerOverride = r.headerDigest();
      dataOverride = r.dataDigest();
    } else {
      for (AdditionalHeaderSegment a : pdu.additionalHeaderSegments()) {
        byte[] tmp = new byte[a.wireLength()];
        a.writeTo(tmp, 0);
        out.writeBytes(tmp);
      }
    }
    if (limits.headerDigest()) {
      int crc = headerOverride.orElseGet(() -> Crc32c.of(out, start, out.writerIndex() - start));
      Crc32c.writeWire(out, crc);
    }
    DataSegment data = pdu.data();
    int dsl = data.length();
    if (dsl > 0) {
      int dataStart = out.writerIndex();
      data.writeTo(out::writeBytes);
      out.writeZero(padding(dsl));
      if (limits.dataDigest()) {
        int crc = dataOverride.orElseGet(() -> Crc32c.of(out, dataStart, out.writerIndex() - dataStart));
        Crc32c.writeWire(out, crc);
      }
    }
  }
}
