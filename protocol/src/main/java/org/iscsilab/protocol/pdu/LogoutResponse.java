package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Logout Response (RFC 7143 §11.15). */
public record LogoutResponse(
    LogoutResponseCode response,
    int initiatorTaskTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    int time2Wait,
    int time2Retain,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public LogoutResponse(LogoutResponseCode response, int initiatorTaskTag, int statSN, int expCmdSN,
      int maxCmdSN, int time2Wait, int time2Retain) {
    this(response, initiatorTaskTag, statSN, expCmdSN, maxCmdSN, time2Wait, time2Retain, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.LOGOUT_RESPONSE;
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
    put16(b, 40, time2Wait);
    put16(b, 42, time2Retain);
    residue.applyTo(b);
  }

  static LogoutResponse decode(byte[] b, HeaderResidue r) {
    return new LogoutResponse(new LogoutResponseCode(u8(b, 2)), i32(b, 16), i32(b, 24), i32(b, 28), i32(b, 32),
        u16(b, 40), u16(b, 42), r);
  }
}
