package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** SNACK Request (RFC 7143 §11.16). {@code targetTransferTag} is the SNACK Tag for R-Data SNACKs. */
public record SnackRequest(
    SnackType type,
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int expStatSN,
    int begRun,
    int runLength,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public SnackRequest(SnackType type, long lun, int initiatorTaskTag, int targetTransferTag, int expStatSN,
      int begRun, int runLength) {
    this(type, lun, initiatorTaskTag, targetTransferTag, expStatSN, begRun, runLength, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.SNACK_REQUEST;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) (0x80 | type.code());
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 28, expStatSN);
    put32(b, 40, begRun);
    put32(b, 44, runLength);
    residue.applyTo(b);
  }

  static SnackRequest decode(byte[] b, HeaderResidue r) {
    return new SnackRequest(new SnackType(b[1] & 0x0f), i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 28), i32(b, 40),
        i32(b, 44), r);
  }
}
