package org.iscsilab.protocol.pdu;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An Additional Header Segment (RFC 7143 §11.2.2): extended CDB, expected bidirectional read
 * data length, or an unknown type kept as bytes.
 */
public sealed interface AdditionalHeaderSegment {

  int TYPE_EXTENDED_CDB = 1;
  int TYPE_BIDIRECTIONAL_READ_LENGTH = 2;

  int ahsType();

  /** The bytes after AHSType (the first is the AHS-specific/reserved byte); AHSLength counts them. */
  byte[] specificBytes();

  /** Bytes this AHS occupies on the wire, padded to a 4-byte boundary. */
  default int wireLength() {
    return 3 + specificBytes().length + pad(specificBytes().length + 3);
  }

  /** The TotalAHSLength field for a list of AHS, in 4-byte words. */
  static int totalLengthInWords(List<AdditionalHeaderSegment> ahs) {
    int total = 0;
    for (AdditionalHeaderSegment a : ahs) {
      total += a.wireLength();
    }
    return total / 4;
  }

  private static int pad(int n) {
    return (4 - (n & 3)) & 3;
  }

  /**
   * Encodes as AHSLength (2 bytes; counts the type-specific bytes including the reserved byte
   * that follows AHSType, RFC 7143 §11.2.2.2), AHSType, then the specific bytes and padding.
   */
  default void writeTo(byte[] dst, int off) {
    byte[] s = specificBytes();
    // AHSLength covers the reserved byte plus the specific bytes.
    Bhs.put16(dst, off, s.length);
    dst[off + 2] = (byte) ahsType();
    System.arraycopy(s, 0, dst, off + 3, s.length);
  }

  /**
   * Extended CDB (RFC 7143 §11.2.2.3): the CDB bytes beyond the first 16; the AHS carries a
   * reserved byte and then {@code cdbTail}.
   */
  record ExtendedCdb(byte[] cdbTail) implements AdditionalHeaderSegment {
    public ExtendedCdb {
      cdbTail = cdbTail.clone();
    }

    @Override
    public int ahsType() {
      return TYPE_EXTENDED_CDB;
    }

    @Override
    public byte[] cdbTail() {
      return cdbTail.clone();
    }

    @Override
    public int wireLength() {
      return 4 + cdbTail.length + pad(4 + cdbTail.length);
    }

    @Override
    public byte[] specificBytes() {
      byte[] s = new byte[1 + cdbTail.length];
      System.arraycopy(cdbTail, 0, s, 1, cdbTail.length);
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ExtendedCdb e && Arrays.equals(cdbTail, e.cdbTail);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(cdbTail);
    }

    @Override
    public String toString() {
      return "ExtendedCdb[" + HexFormat.of().formatHex(cdbTail) + "]";
    }
  }

  /** Expected Bidirectional Read Data Length (RFC 7143 §11.2.2.4). */
  record BidirectionalReadDataLength(int expectedLength) implements AdditionalHeaderSegment {
    @Override
    public int ahsType() {
      return TYPE_BIDIRECTIONAL_READ_LENGTH;
    }

    @Override
    public int wireLength() {
      return 8;
    }

    @Override
    public byte[] specificBytes() {
      byte[] s = new byte[5];
      Bhs.put32(s, 1, expectedLength);
      return s;
    }
  }

  /** An AHS type this codec does not model; kept byte for byte (specific bytes include the reserved byte). */
  record Unknown(int ahsType, byte[] specific) implements AdditionalHeaderSegment {
    public Unknown {
      specific = specific.clone();
    }

    @Override
    public byte[] specificBytes() {
      return specific.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.ahsType == ahsType && Arrays.equals(specific, u.specific);
    }

    @Override
    public int hashCode() {
      return 31 * ahsType + Arrays.hashCode(specific);
    }

    @Override
    public String toString() {
      return "UnknownAhs[type=" + ahsType + ", " + HexFormat.of().formatHex(specific) + "]";
    }
  }
}
