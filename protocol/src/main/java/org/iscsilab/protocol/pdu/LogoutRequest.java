package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Logout Request (RFC 7143 §11.14). */
public record LogoutRequest(
    boolean immediate,
    LogoutReason reason,
    int initiatorTaskTag,
    int cid,
    int cmdSN,
    int expStatSN,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public LogoutRequest(boolean immediate, LogoutReason reason, int initiatorTaskTag, int cid, int cmdSN,
      int expStatSN) {
    this(immediate, reason, initiatorTaskTag, cid, cmdSN, expStatSN, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.LOGOUT_REQUEST;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) (0x80 | (reason.code() & 0x7f));
    put32(b, 16, initiatorTaskTag);
    put16(b, 20, cid);
    put32(b, 24, cmdSN);
    put32(b, 28, expStatSN);
    residue.applyTo(b);
  }

  static LogoutRequest decode(byte[] b, HeaderResidue r) {
    return new LogoutRequest(bit(b, 0, 0x40), new LogoutReason(b[1] & 0x7f), i32(b, 16), u16(b, 20), i32(b, 24),
        i32(b, 28), r);
  }
}
