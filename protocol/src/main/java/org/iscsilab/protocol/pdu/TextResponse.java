package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Text Response (RFC 7143 §11.11). */
public record TextResponse(
    boolean finalFlag,
    boolean continueFlag,
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
  public TextResponse(boolean finalFlag, boolean continueFlag, long lun, int initiatorTaskTag,
      int targetTransferTag, int statSN, int expCmdSN, int maxCmdSN, DataSegment data) {
    this(finalFlag, continueFlag, lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, data,
        HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.TEXT_RESPONSE;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) ((finalFlag ? 0x80 : 0) | (continueFlag ? 0x40 : 0));
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    residue.applyTo(b);
  }

  static TextResponse decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new TextResponse(bit(b, 1, 0x80), bit(b, 1, 0x40), i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 24),
        i32(b, 28), i32(b, 32), data, r);
  }
}
