package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * Asynchronous Message (RFC 7143 §11.9). The ITT field is 0xffffffff; the data segment carries
 * sense data for a SCSI asynchronous event and/or iSCSI event data.
 */
public record AsyncMessage(
    long lun,
    int initiatorTaskTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    AsyncEvent asyncEvent,
    int asyncVCode,
    int parameter1,
    int parameter2,
    int parameter3,
    DataSegment data,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public AsyncMessage(long lun, int initiatorTaskTag, int statSN, int expCmdSN, int maxCmdSN,
      AsyncEvent asyncEvent, int asyncVCode, int parameter1, int parameter2, int parameter3, DataSegment data) {
    this(lun, initiatorTaskTag, statSN, expCmdSN, maxCmdSN, asyncEvent, asyncVCode, parameter1, parameter2,
        parameter3, data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.ASYNC_MESSAGE;
  }

  @Override
  public boolean finalFlag() {
    return true;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) 0x80;
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    b[36] = (byte) asyncEvent.code();
    b[37] = (byte) asyncVCode;
    put16(b, 38, parameter1);
    put16(b, 40, parameter2);
    put16(b, 42, parameter3);
    residue.applyTo(b);
  }

  static AsyncMessage decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new AsyncMessage(i64(b, 8), i32(b, 16), i32(b, 24), i32(b, 28), i32(b, 32), new AsyncEvent(u8(b, 36)),
        u8(b, 37), u16(b, 38), u16(b, 40), u16(b, 42), data, r);
  }
}
