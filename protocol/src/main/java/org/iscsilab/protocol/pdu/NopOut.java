package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * NOP-Out (RFC 7143 §11.18). A ping carries a valid ITT and TTT 0xffffffff; an answer to a
 * NOP-In carries ITT 0xffffffff, the NOP-In's TTT and LUN, and is immediate.
 */
public record NopOut(
    boolean immediate,
    long lun,
    int initiatorTaskTag,
    int targetTransferTag,
    int cmdSN,
    int expStatSN,
    DataSegment data,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public NopOut(boolean immediate, long lun, int initiatorTaskTag, int targetTransferTag, int cmdSN,
      int expStatSN, DataSegment data) {
    this(immediate, lun, initiatorTaskTag, targetTransferTag, cmdSN, expStatSN, data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.NOP_OUT;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  /** A ping that asks for a NOP-In (RFC 7143 §11.18.1). */
  public static NopOut ping(int itt, int cmdSN, int expStatSN, DataSegment data) {
    return new NopOut(true, 0, itt, RESERVED_TAG, cmdSN, expStatSN, data);
  }

  /** The answer to a NOP-In that carried a valid TTT: echoes TTT and LUN (RFC 7143 §11.18.2). */
  public static NopOut answer(NopIn nopIn, int cmdSN, int expStatSN) {
    return new NopOut(true, nopIn.lun(), RESERVED_TAG, nopIn.targetTransferTag(), cmdSN, expStatSN,
        DataSegment.EMPTY);
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) 0x80;
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, targetTransferTag);
    put32(b, 24, cmdSN);
    put32(b, 28, expStatSN);
    residue.applyTo(b);
  }

  static NopOut decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new NopOut(bit(b, 0, 0x40), i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28), data, r);
  }
}
