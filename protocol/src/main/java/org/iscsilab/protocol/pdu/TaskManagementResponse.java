package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Task Management Function Response (RFC 7143 §11.6). */
public record TaskManagementResponse(
    TaskManagementResponseCode response,
    int initiatorTaskTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public TaskManagementResponse(TaskManagementResponseCode response, int initiatorTaskTag, int statSN,
      int expCmdSN, int maxCmdSN) {
    this(response, initiatorTaskTag, statSN, expCmdSN, maxCmdSN, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.TASK_MANAGEMENT_RESPONSE;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) 0x80;
    b[2] = (byte) response.code();
    put32(b, 16, initiatorTaskTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    residue.applyTo(b);
  }

  static TaskManagementResponse decode(byte[] b, HeaderResidue r) {
    return new TaskManagementResponse(new TaskManagementResponseCode(u8(b, 2)), i32(b, 16), i32(b, 24), i32(b, 28),
        i32(b, 32), r);
  }
}
