package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** SCSI Data-Out (RFC 7143 §11.7). */
public record DataOut(
    boolean finalFlag,
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int expStatSN,
    int dataSN,
    int bufferOffset,
    DataSegment data,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public DataOut(boolean finalFlag, long lun, int initiatorTaskTag, int targetTransferTag, int expStatSN,
      int dataSN, int bufferOffset, DataSegment data) {
    this(finalFlag, lun, initiatorTaskTag, targetTransferTag, expStatSN, dataSN, bufferOffset, data,
        HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.SCSI_DATA_OUT;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) (finalFlag ? 0x80 : 0);
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 28, expStatSN);
    put32(b, 36, dataSN);
    put32(b, 40, bufferOffset);
    residue.applyTo(b);
  }

  static DataOut decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new DataOut(bit(b, 1, 0x80), i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 28), i32(b, 36), i32(b, 40), data, r);
  }
}
