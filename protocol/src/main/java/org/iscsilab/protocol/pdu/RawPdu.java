package org.iscsilab.protocol.pdu;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A PDU as bytes: a 48-byte BHS, the AHS bytes and the data segment, written by the encoder
 * verbatim. It is how a test sends a PDU that no builder would produce (a DataSegmentLength that
 * disagrees with the data, reserved bits set, a wrong digest), and how the decoder represents what
 * no typed record can hold byte for byte: an undefined opcode, a data segment on a PDU that has
 * none, AHS on a PDU other than a SCSI Command (see {@link Pdus#decode}). The digest overrides,
 * when present, replace the computed CRC32C on the wire.
 */
public record RawPdu(byte[] bhs, byte[] ahs, DataSegment data, OptionalInt headerDigest, OptionalInt dataDigest)
    implements Pdu {

  public RawPdu {
    if (bhs.length != Bhs.LENGTH) {
      throw new IllegalArgumentException("a BHS is 48 bytes, not " + bhs.length);
    }
    bhs = bhs.clone();
    ahs = ahs.clone();
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(headerDigest, "headerDigest");
    Objects.requireNonNull(dataDigest, "dataDigest");
  }

  /** The bytes {@code pdu} would be encoded as (digests computed by the encoder). */
  public static RawPdu of(Pdu pdu) {
    if (pdu instanceof RawPdu r) {
      return r;
    }
    byte[] b = new byte[Bhs.LENGTH];
    pdu.writeBhs(b);
    int ahsLen = 0;
    for (AdditionalHeaderSegment a : pdu.additionalHeaderSegments()) {
      ahsLen += a.wireLength();
    }
    byte[] ahs = new byte[ahsLen];
    int off = 0;
    for (AdditionalHeaderSegment a : pdu.additionalHeaderSegments()) {
      a.writeTo(ahs, off);
      off += a.wireLength();
    }
    return new RawPdu(b, ahs, pdu.data(), OptionalInt.empty(), OptionalInt.empty());
  }

  @Override
  public Opcode opcode() {
    return Opcode.of(bhs[0]);
  }

  @Override
  public boolean immediate() {
    return (bhs[0] & 0x40) != 0;
  }

  @Override
  public boolean finalFlag() {
    return (bhs[1] & 0x80) != 0;
  }

  @Override
  public int initiatorTaskTag() {
    return Bhs.i32(bhs, 16);
  }

  @Override
  public byte[] bhs() {
    return bhs.clone();
  }

  @Override
  public byte[] ahs() {
    return ahs.clone();
  }

  /** The DataSegmentLength field as written in the BHS (it may disagree with {@link #data()}). */
  public int dataSegmentLengthField() {
    return Bhs.u24(bhs, 5);
  }

  /** The TotalAHSLength field, in 4-byte words, as written in the BHS. */
  public int totalAhsLengthField() {
    return Bhs.u8(bhs, 4);
  }

  @Override
  public void writeBhs(byte[] dst) {
    System.arraycopy(bhs, 0, dst, 0, Bhs.LENGTH);
  }

  /** A copy with BHS byte {@code offset} set to {@code value}. */
  public RawPdu withByte(int offset, int value) {
    byte[] b = bhs.clone();
    b[offset] = (byte) value;
    return new RawPdu(b, ahs, data, headerDigest, dataDigest);
  }

  /** A copy with the 4-byte big-endian BHS field at {@code offset} set to {@code value}. */
  public RawPdu withInt(int offset, int value) {
    byte[] b = bhs.clone();
    Bhs.put32(b, offset, value);
    return new RawPdu(b, ahs, data, headerDigest, dataDigest);
  }

  /** A copy whose DataSegmentLength field says {@code length}, whatever the data really is. */
  public RawPdu withDataSegmentLengthField(int length) {
    byte[] b = bhs.clone();
    Bhs.put24(b, 5, length);
    return new RawPdu(b, ahs, data, headerDigest, dataDigest);
  }

  /** A copy carrying {@code newData} with the DataSegmentLength field left as it was. */
  public RawPdu withData(DataSegment newData) {
    return new RawPdu(bhs, ahs, newData, headerDigest, dataDigest);
  }

  /** A copy whose header digest on the wire is {@code crc} instead of the computed one. */
  public RawPdu withHeaderDigest(int crc) {
    return new RawPdu(bhs, ahs, data, OptionalInt.of(crc), dataDigest);
  }

  /** A copy whose data digest on the wire is {@code crc} instead of the computed one. */
  public RawPdu withDataDigest(int crc) {
    return new RawPdu(bhs, ahs, data, headerDigest, OptionalInt.of(crc));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawPdu r && Arrays.equals(bhs, r.bhs) && Arrays.equals(ahs, r.ahs) && data.equals(r.data)
        && headerDigest.equals(r.headerDigest) && dataDigest.equals(r.dataDigest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(bhs), Arrays.hashCode(ahs), data);
  }

  @Override
  public String toString() {
    return "RawPdu[" + opcode() + " BHS=" + HexFormat.of().formatHex(bhs)
        + (ahs.length > 0 ? " AHS=" + HexFormat.of().formatHex(ahs) : "") + " " + data + "]";
  }
}
