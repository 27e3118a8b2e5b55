package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * Reject (RFC 7143 §11.17). The data segment carries the complete header (BHS and any AHS) of
 * the rejected PDU.
 */
public record Reject(
    RejectReason reason,
    int initiatorTaskTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    int dataSNOrR2TSN,
    DataSegment data,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public Reject(RejectReason reason, int initiatorTaskTag, int statSN, int expCmdSN, int maxCmdSN,
      int dataSNOrR2TSN, DataSegment data) {
    this(reason, initiatorTaskTag, statSN, expCmdSN, maxCmdSN, dataSNOrR2TSN, data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.REJECT;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  /** A Reject of {@code rejected}, returning its header as the RFC requires (§11.17.4). */
  public static Reject of(RejectReason reason, byte[] rejectedHeader, int statSN, int expCmdSN, int maxCmdSN) {
    return new Reject(reason, RESERVED_TAG, statSN, expCmdSN, maxCmdSN, 0, DataSegment.of(rejectedHeader));
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) 0x80;
    b[2] = (byte) reason.code();
    put32(b, 16, initiatorTaskTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    put32(b, 36, dataSNOrR2TSN);
    residue.applyTo(b);
  }

  static Reject decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new Reject(new RejectReason(u8(b, 2)), i32(b, 16), i32(b, 24), i32(b, 28), i32(b, 32), i32(b, 36), data, r);
  }
}
