package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * NOP-In (RFC 7143 §11.19). An answer to a ping carries the ping's ITT and TTT 0xffffffff; a
 * target's own ping carries ITT 0xffffffff and a valid TTT that the initiator must answer.
 */
public record NopIn(
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    DataSegment data,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public NopIn(long lun, int initiatorTaskTag, int targetTransferTag, int statSN, int expCmdSN, int maxCmdSN,
      DataSegment data) {
    this(lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.NOP_IN;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  /** True when the target expects a NOP-Out in answer (a valid TTT, RFC 7143 §11.19.1). */
  public boolean requestsAnswer() {
    return targetTransferTag != RESERVED_TAG;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) 0x80;
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    residue.applyTo(b);
  }

  static NopIn decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new NopIn(i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28), i32(b, 32), data, r);
  }
}
