package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * SCSI Response (RFC 7143 §11.4). {@code response} is the iSCSI service response (0x00 command
 * completed at target, 0x01 target failure); {@code status} the SCSI status byte. The data
 * segment holds SenseLength + sense data and/or response data (§11.4.7).
 */
public record ScsiResponse(
    boolean bidiReadResidualOverflow,
    boolean bidiReadResidualUnderflow,
    boolean residualOverflow,
    boolean residualUnderflow,
    int response,
    int status,
    int initiatorTaskTag,
    int snackTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    int expDataSN,
    int bidiReadResidualCount,
    int residualCount,
    DataSegment data,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public ScsiResponse(boolean bidiReadResidualOverflow, boolean bidiReadResidualUnderflow,
      boolean residualOverflow, boolean residualUnderflow, int response, int status, int initiatorTaskTag,
      int snackTag, int statSN, int expCmdSN, int maxCmdSN, int expDataSN, int bidiReadResidualCount,
      int residualCount, DataSegment data) {
    this(bidiReadResidualOverflow, bidiReadResidualUnderflow, residualOverflow, residualUnderflow, response,
        status, initiatorTaskTag, snackTag, statSN, expCmdSN, maxCmdSN, expDataSN, bidiReadResidualCount,
        residualCount, data, HeaderResidue.NONE);
  }

  public static final int RESPONSE_COMMAND_COMPLETED = 0x00;
  public static final int RESPONSE_TARGET_FAILURE = 0x01;

  @Override
  public Opcode opcode() {
    return Opcode.SCSI_RESPONSE;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) (0x80 | (bidiReadResidualOverflow ? 0x10 : 0) | (bidiReadResidualUnderflow ? 0x08 : 0)
        | (residualOverflow ? 0x04 : 0) | (residualUnderflow ? 0x02 : 0));
    b[2] = (byte) response;
    b[3] = (byte) status;
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, snackTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    put32(b, 36, expDataSN);
    put32(b, 40, bidiReadResidualCount);
    put32(b, 44, residualCount);
    residue.applyTo(b);
  }

  static ScsiResponse decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new ScsiResponse(bit(b, 1, 0x10), bit(b, 1, 0x08), bit(b, 1, 0x04), bit(b, 1, 0x02), u8(b, 2), u8(b, 3),
        i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28), i32(b, 32), i32(b, 36), i32(b, 40), i32(b, 44), data, r);
  }

  /** Sense data from the data segment (after the 2-byte SenseLength), empty if none. */
  public byte[] senseData() {
    if (data.length() < 2) {
      return new byte[0];
    }
    int senseLength = ((data.get(0) & 0xff) << 8) | (data.get(1) & 0xff);
    int n = Math.min(senseLength, data.length() - 2);
    byte[] s = new byte[n];
    data.copyTo(2, s, 0, n);
    return s;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: GOOD, command completed at target, no residual, no data. */
  public static final class Builder {
    private boolean bo, bu, o, u;
    private int response = RESPONSE_COMMAND_COMPLETED;
    private int status;
    private int itt;
    private int snackTag;
    private int statSN, expCmdSN, maxCmdSN, expDataSN;
    private int bidiResidual, residual;
    private DataSegment data = DataSegment.EMPTY;

    public Builder bidiReadResidualOverflow(boolean v) { bo = v; return this; }
    public Builder bidiReadResidualUnderflow(boolean v) { bu = v; return this; }
    public Builder residualOverflow(boolean v) { o = v; return this; }
    public Builder residualUnderflow(boolean v) { u = v; return this; }
    public Builder response(int v) { response = v; return this; }
    public Builder status(int v) { status = v; return this; }
    public Builder initiatorTaskTag(int v) { itt = v; return this; }
    public Builder snackTag(int v) { snackTag = v; return this; }
    public Builder statSN(int v) { statSN = v; return this; }
    public Builder expCmdSN(int v) { expCmdSN = v; return this; }
    public Builder maxCmdSN(int v) { maxCmdSN = v; return this; }
    public Builder expDataSN(int v) { expDataSN = v; return this; }
    public Builder bidiReadResidualCount(int v) { bidiResidual = v; return this; }
    public Builder residualCount(int v) { residual = v; return this; }
    public Builder data(DataSegment v) { data = v; return this; }

    /** Sense data, prefixed with its 2-byte SenseLength (RFC 7143 §11.4.7.2). */
    public Builder senseData(byte[] sense) {
      byte[] d = new byte[2 + sense.length];
      put16(d, 0, sense.length);
      System.arraycopy(sense, 0, d, 2, sense.length);
      data = DataSegment.wrap(d);
      return this;
    }

    public ScsiResponse build() {
      return new ScsiResponse(bo, bu, o, u, response, status, itt, snackTag, statSN, expCmdSN, maxCmdSN, expDataSN,
          bidiResidual, residual, data);
    }
  }
}
