package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * SCSI Data-In (RFC 7143 §11.7). With the S bit the PDU also carries the SCSI status, StatSN
 * and residuals (§11.7.3); without it StatSN is reserved.
 */
public record DataIn(
    boolean finalFlag,
    boolean acknowledge,
    boolean residualOverflow,
    boolean residualUnderflow,
    boolean statusPresent,
    int status,
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    int dataSN,
    int bufferOffset,
    int residualCount,
    DataSegment data,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public DataIn(boolean finalFlag, boolean acknowledge, boolean residualOverflow, boolean residualUnderflow,
      boolean statusPresent, int status, long lun, int initiatorTaskTag, int targetTransferTag, int statSN,
      int expCmdSN, int maxCmdSN, int dataSN, int bufferOffset, int residualCount, DataSegment data) {
    this(finalFlag, acknowledge, residualOverflow, residualUnderflow, statusPresent, status, lun,
        initiatorTaskTag, targetTransferTag, statSN, expCmdSN, maxCmdSN, dataSN, bufferOffset, residualCount,
        data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.SCSI_DATA_IN;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) ((finalFlag ? 0x80 : 0) | (acknowledge ? 0x40 : 0) | (residualOverflow ? 0x04 : 0)
        | (residualUnderflow ? 0x02 : 0) | (statusPresent ? 0x01 : 0));
    b[3] = (byte) status;
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    put32(b, 36, dataSN);
    put32(b, 40, bufferOffset);
    put32(b, 44, residualCount);
    residue.applyTo(b);
  }

  static DataIn decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new DataIn(bit(b, 1, 0x80), bit(b, 1, 0x40), bit(b, 1, 0x04), bit(b, 1, 0x02), bit(b, 1, 0x01), u8(b, 3),
        i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28), i32(b, 32), i32(b, 36), i32(b, 40), i32(b, 44),
        data, r);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: final, no status, TTT 0xffffffff, no data. */
  public static final class Builder {
    private boolean finalFlag = true;
    private boolean ack, o, u, s;
    private int status;
    private long lun;
    private int itt;
    private int ttt = RESERVED_TAG;
    private int statSN, expCmdSN, maxCmdSN, dataSN, bufferOffset, residual;
    private DataSegment data = DataSegment.EMPTY;

    public Builder finalFlag(boolean v) { finalFlag = v; return this; }
    public Builder acknowledge(boolean v) { ack = v; return this; }
    public Builder residualOverflow(boolean v) { o = v; return this; }
    public Builder residualUnderflow(boolean v) { u = v; return this; }
    public Builder statusPresent(boolean v) { s = v; return this; }
    public Builder status(int v) { status = v; return this; }
    public Builder lun(long v) { lun = v; return this; }
    public Builder initiatorTaskTag(int v) { itt = v; return this; }
    public Builder targetTransferTag(int v) { ttt = v; return this; }
    public Builder statSN(int v) { statSN = v; return this; }
    public Builder expCmdSN(int v) { expCmdSN = v; return this; }
    public Builder maxCmdSN(int v) { maxCmdSN = v; return this; }
    public Builder dataSN(int v) { dataSN = v; return this; }
    public Builder bufferOffset(int v) { bufferOffset = v; return this; }
    public Builder residualCount(int v) { residual = v; return this; }
    public Builder data(DataSegment v) { data = v; return this; }

    public DataIn build() {
      return new DataIn(finalFlag, ack, o, u, s, status, lun, itt, ttt, statSN, expCmdSN, maxCmdSN, dataSN,
          bufferOffset, residual, data);
    }
  }
}
