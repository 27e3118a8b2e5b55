package org.iscsilab.protocol.codec;

import java.util.zip.CRC32C;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Opcode;
import org.iscsilab.protocol.pdu.Pdus;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.Sender;

/**
 * {@link PduFramer}'s framing over a plain byte array, for {@link PduStreamDecoder}: the pcap
 * engine reads a capture without a Netty channel, and wrapping its buffer in a {@code ByteBuf}
 * would make every {@code replay inspect} pay for Netty's initialisation (a fifth of a short
 * run). Same checks, same order, same messages as the {@code ByteBuf} methods of the same names
 * (ArrayFramerTest holds them to it); the PDU itself is decoded by the shared {@link Pdus#decode}.
 */
final class ArrayFramer {
  private ArrayFramer() {}

  static int getMedium(byte[] b, int i) {
    return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
  }

  /** A digest as it stands on the wire (little-endian), as {@link Crc32c#readWire}. */
  static int readWire(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | ((b[i + 3] & 0xff) << 24);
  }

  static int crc32c(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** {@link PduFramer#frameLength} of the BHS at {@code r}. */
  static int frameLength(byte[] b, int r, FramingLimits limits) {
    int ahsLength = (b[r + 4] & 0xff) * 4;
    int dsl = getMedium(b, r + 5);
    if (dsl > limits.maxDataSegmentLength()) {
      int opcode = b[r] & 0x3f;
      throw ProtocolException.connection("RFC 7143 §13.12", String.format(
          "PDU with opcode 0x%02x declares a data segment of %d bytes, beyond MaxRecvDataSegmentLength %d",
          opcode, dsl, limits.maxDataSegmentLength()));
    }
    int len = PduFramer.BHS_LENGTH + ahsLength + (limits.headerDigest() ? 4 : 0);
    if (dsl > 0) {
      len += dsl + PduFramer.padding(dsl) + (limits.dataDigest() ? 4 : 0);
    }
    return len;
  }

  /** {@link PduFramer#checkedFrameLength} of the BHS at {@code r} with {@code avail} bytes from there. */
  static int checkedFrameLength(byte[] b, int r, int avail, FramingLimits limits) {
    if (avail < PduFramer.BHS_LENGTH) {
      return -1;
    }
    int headerLength = PduFramer.BHS_LENGTH + (b[r + 4] & 0xff) * 4;
    if (limits.headerDigest()) {
      if (avail < headerLength + 4) {
        return -1;
      }
      int expected = crc32c(b, r, headerLength);
      int actual = readWire(b, r + headerLength);
      if (expected != actual) {
        throw PduFramer.headerDigestError(actual, expected, headerLength);
      }
    }
    return frameLength(b, r, limits);
  }

  /**
   * {@link PduFramer#decode} of the whole PDU of {@code frameLength} bytes at {@code start}: a
   * {@code Pdu}, or a {@link PduDecodeError} for a PDU-level error.
   *
   * @throws ProtocolException (connection scope) on a header digest error or malformed AHS
   */
  static Object decode(byte[] b, int start, int frameLength, FramingLimits limits) {
    int ahsLength = (b[start + 4] & 0xff) * 4;
    int dsl = getMedium(b, start + 5);
    byte[] bhs = new byte[PduFramer.BHS_LENGTH];
    System.arraycopy(b, start, bhs, 0, PduFramer.BHS_LENGTH);
    byte[] ahs = NO_AHS;
    if (ahsLength > 0) {
      ahs = new byte[ahsLength];
      System.arraycopy(b, start + PduFramer.BHS_LENGTH, ahs, 0, ahsLength);
    }
    int pos = start + PduFramer.BHS_LENGTH + ahsLength;
    if (limits.headerDigest()) {
      int expected = crc32c(b, start, PduFramer.BHS_LENGTH + ahsLength);
      int actual = readWire(b, pos);
      if (expected != actual) {
        throw PduFramer.headerDigestError(actual, expected, PduFramer.BHS_LENGTH + ahsLength);
      }
      pos += 4;
    }
    DataSegment data = DataSegment.EMPTY;
    if (dsl > 0) {
      byte[] d = new byte[dsl];
      System.arraycopy(b, pos, d, 0, dsl);
      if (limits.dataDigest()) {
        int pad = PduFramer.padding(dsl);
        CRC32C crc = new CRC32C();
        crc.update(b, pos, dsl + pad);
        int expected = (int) crc.getValue();
        int actual = readWire(b, pos + dsl + pad);
        if (expected != actual) {
          byte[] header = new byte[PduFramer.BHS_LENGTH + ahsLength];
          System.arraycopy(bhs, 0, header, 0, PduFramer.BHS_LENGTH);
          System.arraycopy(ahs, 0, header, PduFramer.BHS_LENGTH, ahsLength);
          return new PduDecodeError(header, ProtocolException.pdu("RFC 7143 §7.8",
              RejectReason.DATA_DIGEST_ERROR, String.format(
                  "data digest error: received 0x%08x, computed 0x%08x over %d data bytes", actual, expected, dsl)));
        }
      }
      data = DataSegment.wrap(d);
    }
    return Pdus.decode(bhs, ahs, data);
  }

  private static final byte[] NO_AHS = new byte[0];

  /** {@link PduFramer#isPlausibleHeader} of the 48 bytes at {@code index}. */
  static boolean isPlausibleHeader(byte[] b, int index, Sender sender, FramingLimits limits) {
    int b0 = b[index] & 0xff;
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
    int ahsWords = b[index + 4] & 0xff;
    if (ahsWords != 0 && (opcode.code() != 0x01 || ahsWords > PduFramer.MAX_PLAUSIBLE_AHS_WORDS)) {
      return false;
    }
    int dsl = getMedium(b, index + 5);
    if (dsl > limits.maxDataSegmentLength() || (dsl != 0 && Pdus.carriesNoData(opcode.code()))) {
      return false;
    }
    return !opcode.hasFixedFinalBit() || (b[index + 1] & 0x80) != 0;
  }

  /** {@link PduFramer#headerDigestMatches} of the header at {@code index}. */
  static boolean headerDigestMatches(byte[] b, int index) {
    int headerLength = PduFramer.BHS_LENGTH + (b[index + 4] & 0xff) * 4;
    return crc32c(b, index, headerLength) == readWire(b, index + headerLength);
  }
}
