package org.iscsilab.initiator;

import org.iscsilab.protocol.pdu.AsyncMessage;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.scsi.cdb.Cdb;

/** Short one-line descriptions of PDUs for diagnoses and logs (no data bytes). */
public final class PduSummary {
  private PduSummary() {}

  static String u(int v) {
    return Long.toString(Integer.toUnsignedLong(v));
  }

  static String tag(int v) {
    return String.format("0x%08x", v);
  }

  /** E.g. "SCSI Command ITT 0x00000005 CmdSN 7 READ(16) LBA 0 blocks 0 EDTL 0". */
  public static String of(Pdu pdu) {
    if (pdu instanceof ScsiCommand c) {
      return "SCSI Command ITT " + tag(c.initiatorTaskTag()) + " CmdSN " + u(c.cmdSN())
          + (c.immediate() ? " (immediate)" : "") + " " + Cdb.describe(c.cdb()) + " EDTL "
          + u(c.expectedDataTransferLength()) + (c.data().isEmpty() ? "" : " immediate data " + c.data().length());
    }
    if (pdu instanceof ScsiResponse r) {
      return "SCSI Response ITT " + tag(r.initiatorTaskTag()) + " StatSN " + u(r.statSN())
          + " ExpCmdSN " + u(r.expCmdSN()) + " MaxCmdSN " + u(r.maxCmdSN()) + String.format(" status 0x%02x", r.status())
          + (r.response() != 0 ? String.format(" response 0x%02x", r.response()) : "")
          + (r.residualUnderflow() ? " underflow " + u(r.residualCount()) : "")
          + (r.residualOverflow() ? " overflow " + u(r.residualCount()) : "");
    }
    if (pdu instanceof DataIn d) {
      return "Data-In ITT " + tag(d.initiatorTaskTag()) + " DataSN " + u(d.dataSN()) + " offset "
          + u(d.bufferOffset()) + " length " + d.data().length() + (d.finalFlag() ? " F" : "")
          + (d.statusPresent() ? String.format(" S status 0x%02x StatSN %s", d.status(), u(d.statSN())) : "")
          + " ExpCmdSN " + u(d.expCmdSN()) + " MaxCmdSN " + u(d.maxCmdSN());
    }
    if (pdu instanceof DataOut d) {
      return "Data-Out ITT " + tag(d.initiatorTaskTag()) + " TTT " + tag(d.targetTransferTag())
          + " DataSN " + u(d.dataSN()) + " offset " + u(d.bufferOffset()) + " length " + d.data().length()
          + (d.finalFlag() ? " F" : "");
    }
    if (pdu instanceof ReadyToTransfer r) {
      return "R2T ITT " + tag(r.initiatorTaskTag()) + " TTT " + tag(r.targetTransferTag())
          + " R2TSN " + u(r.r2tSN()) + " offset " + u(r.bufferOffset()) + " length "
          + u(r.desiredDataTransferLength()) + " ExpCmdSN " + u(r.expCmdSN()) + " MaxCmdSN " + u(r.maxCmdSN());
    }
    if (pdu instanceof NopOut n) {
      return "NOP-Out ITT " + tag(n.initiatorTaskTag()) + " TTT " + tag(n.targetTransferTag())
          + String.format(" LUN 0x%016x", n.lun()) + " CmdSN " + u(n.cmdSN()) + (n.immediate() ? " I" : "");
    }
    if (pdu instanceof NopIn n) {
      return "NOP-In ITT " + tag(n.initiatorTaskTag()) + " TTT " + tag(n.targetTransferTag())
          + String.format(" LUN 0x%016x", n.lun()) + " StatSN " + u(n.statSN()) + " ExpCmdSN " + u(n.expCmdSN())
          + " MaxCmdSN " + u(n.maxCmdSN());
    }
    if (pdu instanceof LoginRequest l) {
      return "Login Request ITT " + tag(l.initiatorTaskTag()) + " CSG " + l.currentStage().code()
          + " NSG " + l.nextStage().code() + (l.transit() ? " T" : "") + (l.continueFlag() ? " C" : "")
          + " CmdSN " + u(l.cmdSN()) + " keys " + l.data().length() + " bytes";
    }
    if (pdu instanceof LoginResponse l) {
      return "Login Response ITT " + tag(l.initiatorTaskTag()) + " CSG " + l.currentStage().code()
          + " NSG " + l.nextStage().code() + (l.transit() ? " T" : "") + (l.continueFlag() ? " C" : "")
          + " status " + l.status() + " StatSN " + u(l.statSN()) + " TSIH " + l.tsih();
    }
    if (pdu instanceof TextRequest t) {
      return "Text Request ITT " + tag(t.initiatorTaskTag()) + " TTT " + tag(t.targetTransferTag())
          + " CmdSN " + u(t.cmdSN()) + (t.finalFlag() ? " F" : "") + (t.continueFlag() ? " C" : "");
    }
    if (pdu instanceof TextResponse t) {
      return "Text Response ITT " + tag(t.initiatorTaskTag()) + " TTT " + tag(t.targetTransferTag())
          + " StatSN " + u(t.statSN()) + (t.finalFlag() ? " F" : "") + (t.continueFlag() ? " C" : "")
          + " " + t.data().length() + " bytes";
    }
    if (pdu instanceof TaskManagementRequest t) {
      return "Task Management Request " + t.function() + " ITT "
          + tag(t.initiatorTaskTag()) + " RTT " + tag(t.referencedTaskTag()) + " CmdSN " + u(t.cmdSN());
    }
    if (pdu instanceof TaskManagementResponse t) {
      return "Task Management Response ITT " + tag(t.initiatorTaskTag()) + " "
          + t.response() + " StatSN " + u(t.statSN());
    }
    if (pdu instanceof LogoutRequest l) {
      return "Logout Request ITT " + tag(l.initiatorTaskTag()) + " " + l.reason() + " CmdSN "
          + u(l.cmdSN());
    }
    if (pdu instanceof LogoutResponse l) {
      return "Logout Response ITT " + tag(l.initiatorTaskTag()) + " " + l.response()
          + " StatSN " + u(l.statSN());
    }
    if (pdu instanceof AsyncMessage a) {
      return "Asynchronous Message " + a.asyncEvent() + " StatSN " + u(a.statSN());
    }
    if (pdu instanceof Reject r) {
      return "Reject " + r.reason() + " StatSN " + u(r.statSN());
    }
    if (pdu instanceof RawPdu r) {
      return "raw " + r.opcode() + " ITT " + tag(r.initiatorTaskTag());
    }
    return pdu.opcode() + " ITT " + tag(pdu.initiatorTaskTag());
  }
}
