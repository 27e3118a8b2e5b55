package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Task Management Function Request (RFC 7143 §11.5). */
public record TaskManagementRequest(
    boolean immediate,
    TaskManagementFunction function,
    long lun,
    int initiatorTaskTag,
    int referencedTaskTag,
    int cmdSN,
    int expStatSN,
    int refCmdSN,
    int expDataSN,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public TaskManagementRequest(boolean immediate, TaskManagementFunction function, long lun,
      int initiatorTaskTag, int referencedTaskTag, int cmdSN, int expStatSN, int refCmdSN, int expDataSN) {
    this(immediate, function, lun, initiatorTaskTag, referencedTaskTag, cmdSN, expStatSN, refCmdSN, expDataSN,
        HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.TASK_MANAGEMENT_REQUEST;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) (0x80 | function.code());
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, referencedTaskTag);
    put32(b, 24, cmdSN);
    put32(b, 28, expStatSN);
    put32(b, 32, refCmdSN);
    put32(b, 36, expDataSN);
    residue.applyTo(b);
  }

  static TaskManagementRequest decode(byte[] b, HeaderResidue r) {
    return new TaskManagementRequest(bit(b, 0, 0x40), new TaskManagementFunction(b[1] & 0x7f), i64(b, 8),
        i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28), i32(b, 32), i32(b, 36), r);
  }
}
