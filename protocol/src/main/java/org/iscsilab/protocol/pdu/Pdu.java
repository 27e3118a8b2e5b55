package org.iscsilab.protocol.pdu;

import java.util.List;

/**
 * An iSCSI PDU (RFC 7143 §11): an immutable value, one record per opcode. Decoded PDUs hold no
 * reference-counted buffers. The canonical constructors accept any field values, so a test can
 * build an invalid PDU on purpose; the builders' defaults are always valid. For byte-level
 * damage (wrong lengths, reserved bits, bad digests) see {@link RawPdu}.
 */
public sealed interface Pdu permits InitiatorPdu, TargetPdu, RawPdu {

  Opcode opcode();

  /** The I bit (RFC 7143 §11.2.1.1); always false for target PDUs. */
  default boolean immediate() {
    return false;
  }

  /** The F bit; for PDUs whose F bit is defined as always 1, true. */
  boolean finalFlag();

  /** Initiator Task Tag (bytes 16–19); 0xffffffff is the reserved tag. */
  int initiatorTaskTag();

  default List<AdditionalHeaderSegment> additionalHeaderSegments() {
    return List.of();
  }

  /**
   * Header bits no field of this PDU stands for, as received (reserved bits a peer set); {@link
   * HeaderResidue#NONE} for PDUs built here. A {@link RawPdu} holds its header verbatim instead.
   */
  default HeaderResidue residue() {
    return HeaderResidue.NONE;
  }

  default DataSegment data() {
    return DataSegment.EMPTY;
  }

  /**
   * Writes the 48-byte BHS into {@code bhs[0..48)}, including TotalAHSLength and
   * DataSegmentLength derived from this PDU's AHS and data.
   */
  void writeBhs(byte[] bhs);

  /** The 48-byte BHS. */
  default byte[] bhs() {
    byte[] b = new byte[Bhs.LENGTH];
    writeBhs(b);
    return b;
  }

  /** This PDU as raw bytes that a test may then damage. */
  default RawPdu toRaw() {
    return RawPdu.of(this);
  }

  /** The reserved Initiator/Target Task Tag value (RFC 7143 §11.2.1.8). */
  int RESERVED_TAG = 0xffffffff;
}
