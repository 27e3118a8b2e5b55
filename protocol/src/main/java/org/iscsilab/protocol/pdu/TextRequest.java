package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Text Request (RFC 7143 §11.10). */
public record TextRequest(
    boolean immediate,
    boolean finalFlag,
    boolean continueFlag,
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int cmdSN,
    int expStatSN,
    DataSegment data,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public TextRequest(boolean immediate, boolean finalFlag, boolean continueFlag, long lun,
      int initiatorTaskTag, int targetTransferTag, int cmdSN, int expStatSN, DataSegment data) {
    this(immediate, finalFlag, continueFlag, lun, initiatorTaskTag, targetTransferTag, cmdSN, expStatSN, data,
        HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.TEXT_REQUEST;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) ((finalFlag ? 0x80 : 0) | (continueFlag ? 0x40 : 0));
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 24, cmdSN);
    put32(b, 28, expStatSN);
    residue.applyTo(b);
  }

  static TextRequest decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new TextRequest(bit(b, 0, 0x40), bit(b, 1, 0x80), bit(b, 1, 0x40), i64(b, 8), i32(b, 16), i32(b, 20),
        i32(b, 24), i32(b, 28), data, r);
  }
}
