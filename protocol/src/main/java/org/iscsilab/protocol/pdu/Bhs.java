package org.iscsilab.protocol.pdu;

/**
 * Big-endian field access on a 48-byte Basic Header Segment (RFC 7143 §11.2.1). Package-private
 * plumbing for the PDU records; nobody parses a BHS outside this package.
 */
final class Bhs {
  static final int LENGTH = 48;

  private Bhs() {}

  static int u8(byte[] b, int off) {
    return b[off] & 0xff;
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  static int u24(byte[] b, int off) {
    return ((b[off] & 0xff) << 16) | ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
  }

  static int i32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  static long u48(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 6; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  static long i64(byte[] b, int off) {
    return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xffffffffL);
  }

  static boolean bit(byte[] b, int off, int mask) {
    return (b[off] & mask) != 0;
  }

  static void put8(byte[] b, int off, int v) {
    b[off] = (byte) v;
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void put24(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 16);
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) v;
  }

  static void put32(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static void put48(byte[] b, int off, long v) {
    for (int i = 5; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static void put64(byte[] b, int off, long v) {
    put32(b, off, (int) (v >>> 32));
    put32(b, off + 4, (int) v);
  }

  /** Byte 0: I bit and opcode; bytes 4–7: TotalAHSLength and DataSegmentLength. */
  static void putCommon(byte[] b, Pdu pdu) {
    java.util.Arrays.fill(b, 0, LENGTH, (byte) 0);
    b[0] = (byte) ((pdu.immediate() ? 0x40 : 0) | pdu.opcode().code());
    b[4] = (byte) AdditionalHeaderSegment.totalLengthInWords(pdu.additionalHeaderSegments());
    put24(b, 5, pdu.data().length());
  }
}
