package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.zip.CRC32C;
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
   * <p>Receivers should call {@link #checkedFrameLength}, which verifies the header digest first.
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
   * The total wire length of the PDU at the reader index, or -1 while its header (BHS, AHS and
   * header digest) is still incomplete. The order matters: with header digests on, the digest is
   * verified before any length is believed, so a damaged DataSegmentLength is reported as the
   * header digest error it is (RFC 7143 §7.8) and never makes a receiver wait for a body that will
   * not come; then DataSegmentLength is checked against MaxRecvDataSegmentLength (§13.12) — all
   * before the body is awaited.
   *
   * @throws ProtocolException (connection scope) on a header digest error or an over-long data segment
   */
  public static int checkedFrameLength(ByteBuf in, FramingLimits limits) {
    int r = in.readerIndex();
    if (in.readableBytes() < BHS_LENGTH) {
      return -1;
    }
    int headerLength = BHS_LENGTH + in.getUnsignedByte(r + 4) * 4;
    if (limits.headerDigest()) {
      if (in.readableBytes() < headerLength + 4) {
        return -1;
      }
      int expected = Crc32c.of(in, r, headerLength);
      int actual = Crc32c.readWire(in, r + headerLength);
      if (expected != actual) {
        throw headerDigestError(actual, expected, headerLength);
      }
    }
    return frameLength(in, limits);
  }

  static ProtocolException headerDigestError(int actual, int expected, int headerLength) {
    // The header cannot be trusted, so neither can its lengths: RFC 7143 §7.8 says to discard
    // and, at ERL 0, to close the connection.
    return ProtocolException.connection("RFC 7143 §7.8", String.format(
        "header digest error: received 0x%08x, computed 0x%08x over the %d-byte header",
        actual, expected, headerLength));
  }

  /**
   * Decodes one whole PDU of {@code frameLength} bytes starting at the reader index and advances
   * past it. Returns a {@link Pdu}, or a {@link PduDecodeError} for a PDU-level error.
   *
   * @throws ProtocolException (connection scope) on a header digest error or malformed AHS
   */
  public static Object decode(ByteBuf in, int frameLength, FramingLimits limits) {
    return decode(in, frameLength, limits, null);
  }

  /**
   * {@link #decode(ByteBuf, int, FramingLimits)}, with the payload of a Data-In copied straight into
   * the array {@code placement} names (when it names one the payload fits and the data digest, if
   * any, matches); such a Data-In carries a {@link DataSegment#lengthOnly length-only} segment.
   */
  public static Object decode(ByteBuf in, int frameLength, FramingLimits limits, DataInPlacement placement) {
    int start = in.readerIndex();
    int ahsLength = in.getUnsignedByte(start + 4) * 4;
    int dsl = in.getUnsignedMedium(start + 5);
    byte[] bhs = new byte[BHS_LENGTH];
    in.getBytes(start, bhs);
    byte[] ahs = NO_AHS;
    if (ahsLength > 0) {
      ahs = new byte[ahsLength];
      in.getBytes(start + BHS_LENGTH, ahs);
    }
    int pos = start + BHS_LENGTH + ahsLength;
    if (limits.headerDigest()) {
      int expected = Crc32c.of(in, start, BHS_LENGTH + ahsLength);
      int actual = Crc32c.readWire(in, pos);
      if (expected != actual) {
        in.readerIndex(start + frameLength);
        throw headerDigestError(actual, expected, BHS_LENGTH + ahsLength);
      }
      pos += 4;
    }
    DataSegment data = DataSegment.EMPTY;
    if (dsl > 0 && placement != null && (bhs[0] & 0x3f) == DATA_IN_OPCODE && place(in, pos, dsl, bhs, limits,
        placement)) {
      data = DataSegment.lengthOnly(dsl);
    } else if (dsl > 0) {
      // The one copy of the data: straight into the array the DataSegment will own.
      byte[] d = new byte[dsl];
      in.getBytes(pos, d);
      if (limits.dataDigest()) {
        int pad = padding(dsl);
        CRC32C crc = new CRC32C();
        crc.update(d, 0, dsl);
        Crc32c.update(crc, in, pos + dsl, pad);
        int expected = (int) crc.getValue();
        int actual = Crc32c.readWire(in, pos + dsl + pad);
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

  private static final byte[] NO_AHS = new byte[0];
  private static final int DATA_IN_OPCODE = 0x25;

  /** Copies a Data-In payload where {@code placement} wants it; false when it was not placed. */
  private static boolean place(ByteBuf in, int pos, int dsl, byte[] bhs, FramingLimits limits,
      DataInPlacement placement) {
    int itt = ((bhs[16] & 0xff) << 24) | ((bhs[17] & 0xff) << 16) | ((bhs[18] & 0xff) << 8) | (bhs[19] & 0xff);
    int offset = ((bhs[40] & 0xff) << 24) | ((bhs[41] & 0xff) << 16) | ((bhs[42] & 0xff) << 8) | (bhs[43] & 0xff);
    if (offset < 0) {
      return false;
    }
    if (limits.dataDigest()) {
      int pad = padding(dsl);
      if (Crc32c.of(in, pos, dsl + pad) != Crc32c.readWire(in, pos + dsl + pad)) {
        return false; // decoded with its bytes, and reported as the digest error it is
      }
    }
    byte[] dst = placement.destination(itt, offset, dsl);
    if (dst != null) {
      if ((long) offset + dsl > dst.length) {
        return false;
      }
      in.getBytes(pos, dst, offset, dsl);
      return true;
    }
    return placement.consume(itt, offset, in.slice(pos, dsl).asReadOnly());
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
  static final int MAX_PLAUSIBLE_AHS_WORDS = 68;

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

  /**
   * {@code pdu} as the bytes it occupies on the wire under {@code limits}, for code that writes to a
   * plain socket (test peers, raw connections).
   */
  public static byte[] encode(Pdu pdu, FramingLimits limits) {
    byte[] bytes = new byte[encodedLength(pdu, limits)];
    ByteBuf out = Unpooled.wrappedBuffer(bytes).writerIndex(0);
    try {
      encode(pdu, limits, out);
    } finally {
      out.release();
    }
    return bytes;
  }

  /** Writes {@code pdu} with digests per {@code limits}; a {@link RawPdu}'s digest overrides win. */
  public static void encode(Pdu pdu, FramingLimits limits, ByteBuf out) {
    int start = out.writerIndex();
    byte[] bhs = new byte[BHS_LENGTH];
    pdu.writeBhs(bhs);
    out.writeBytes(bhs);
    RawPdu raw = pdu instanceof RawPdu r ? r : null;
    if (raw != null) {
      out.writeBytes(raw.ahs());
    } else {
      List<AdditionalHeaderSegment> ahsList = pdu.additionalHeaderSegments();
      if (!ahsList.isEmpty()) {
        for (AdditionalHeaderSegment a : ahsList) {
          byte[] tmp = new byte[a.wireLength()];
          a.writeTo(tmp, 0);
          out.writeBytes(tmp);
        }
      }
    }
    if (limits.headerDigest()) {
      int crc = raw != null && raw.headerDigest().isPresent() ? raw.headerDigest().getAsInt()
          : Crc32c.of(out, start, out.writerIndex() - start);
      Crc32c.writeWire(out, crc);
    }
    DataSegment data = pdu.data();
    int dsl = data.length();
    if (dsl > 0) {
      int pad = padding(dsl);
      if (!limits.dataDigest()) {
        data.writeTo(out::writeBytes);
        out.writeZero(pad);
        return;
      }
      // Digest the source array while copying it: one pass, whatever kind of buffer {@code out} is.
      CRC32C crc = new CRC32C();
      data.writeTo((src, off, len) -> {
        out.writeBytes(src, off, len);
        crc.update(src, off, len);
      });
      out.writeZero(pad);
      crc.update(ZEROS, 0, pad);
      int digest = raw != null && raw.dataDigest().isPresent() ? raw.dataDigest().getAsInt() : (int) crc.getValue();
      Crc32c.writeWire(out, digest);
    }
  }

  private static final byte[] ZEROS = new byte[4];
}
