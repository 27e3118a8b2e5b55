package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Ready To Transfer, R2T (RFC 7143 §11.8). StatSN is carried but not advanced. */
public record ReadyToTransfer(
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    int r2tSN,
    int bufferOffset,
    int desiredDataTransferLength,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public ReadyToTransfer(long lun, int initiatorTaskTag, int targetTransferTag, int statSN, int expCmdSN,
      int maxCmdSN, int r2tSN, int bufferOffset, int desiredDataTransferLength) {
    this(lun, initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, r2tSN, bufferOffset,
        desiredDataTransferLength, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.R2T;
  }

  @Override
  public boolean finalFlag() {
    return true;
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
    put32(b, 36, r2tSN);
    put32(b, 40, bufferOffset);
    put32(b, 44, desiredDataTransferLength);
    residue.applyTo(b);
  }

  static ReadyToTransfer decode(byte[] b, HeaderResidue r) {
    return new ReadyToTransfer(i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28), i32(b, 32), i32(b, 36),
        i32(b, 40), i32(b, 44), r);
  }
}
