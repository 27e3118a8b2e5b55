package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Task Management Function Response (RFC 7143 §11.6). */
public record TaskManagementResponse(
    TaskManagementResponseCode response,
    int initiatorTaskTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN)
    implements TargetPdu {

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
  }

  static TaskManagementResponse decode(byte[] b) {
    return new TaskManagementResponse(new TaskManagementResponseCode(u8(b, 2)), i32(b, 16), i32(b, 24), i32(b, 28),
        i32(b, 32));
  }
}
